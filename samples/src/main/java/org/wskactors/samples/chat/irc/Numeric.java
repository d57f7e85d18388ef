package org.wskactors.samples.chat.irc;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 1459 / RFC 2812 numeric replies the server sends, with the formatting of the channel
 * backend's refusals ({@link #refusalParams}).
 */
public final class Numeric {
  private Numeric() {}

  /** {@code 001}: registration succeeded. */
  public static final int RPL_WELCOME = 1;

  /** {@code 002}: the server's name and version. */
  public static final int RPL_YOURHOST = 2;

  /** {@code 003}: when the server started. */
  public static final int RPL_CREATED = 3;

  /** {@code 004}: server name, version, user modes, channel modes. */
  public static final int RPL_MYINFO = 4;

  /** {@code 005}: the server's features ({@code CHANTYPES=#& ...}). */
  public static final int RPL_ISUPPORT = 5;

  /** {@code 221}: the user's own modes. */
  public static final int RPL_UMODEIS = 221;

  /** {@code 251}: users, invisible users and servers. */
  public static final int RPL_LUSERCLIENT = 251;

  /** {@code 254}: channels formed. */
  public static final int RPL_LUSERCHANNELS = 254;

  /** {@code 255}: clients and servers of this server. */
  public static final int RPL_LUSERME = 255;

  /** {@code 265}: local users. */
  public static final int RPL_LOCALUSERS = 265;

  /** {@code 266}: global users. */
  public static final int RPL_GLOBALUSERS = 266;

  /** {@code 301}: the target is away. */
  public static final int RPL_AWAY = 301;

  /** {@code 302}: USERHOST answer. */
  public static final int RPL_USERHOST = 302;

  /** {@code 303}: ISON answer. */
  public static final int RPL_ISON = 303;

  /** {@code 305}: no longer away. */
  public static final int RPL_UNAWAY = 305;

  /** {@code 306}: now away. */
  public static final int RPL_NOWAWAY = 306;

  /** {@code 311}: WHOIS user line. */
  public static final int RPL_WHOISUSER = 311;

  /** {@code 312}: WHOIS server line. */
  public static final int RPL_WHOISSERVER = 312;

  /** {@code 315}: end of WHO. */
  public static final int RPL_ENDOFWHO = 315;

  /** {@code 317}: WHOIS idle and signon time. */
  public static final int RPL_WHOISIDLE = 317;

  /** {@code 318}: end of WHOIS. */
  public static final int RPL_ENDOFWHOIS = 318;

  /** {@code 319}: WHOIS channels. */
  public static final int RPL_WHOISCHANNELS = 319;

  /** {@code 321}: LIST header. */
  public static final int RPL_LISTSTART = 321;

  /** {@code 322}: one LIST entry. */
  public static final int RPL_LIST = 322;

  /** {@code 323}: end of LIST. */
  public static final int RPL_LISTEND = 323;

  /** {@code 324}: channel modes. */
  public static final int RPL_CHANNELMODEIS = 324;

  /** {@code 329}: channel creation time. */
  public static final int RPL_CREATIONTIME = 329;

  /** {@code 331}: no topic. */
  public static final int RPL_NOTOPIC = 331;

  /** {@code 332}: the topic. */
  public static final int RPL_TOPIC = 332;

  /** {@code 333}: who set the topic and when. */
  public static final int RPL_TOPICWHOTIME = 333;

  /** {@code 341}: the invitation was sent. */
  public static final int RPL_INVITING = 341;

  /** {@code 351}: VERSION answer. */
  public static final int RPL_VERSION = 351;

  /** {@code 352}: one WHO entry. */
  public static final int RPL_WHOREPLY = 352;

  /** {@code 353}: NAMES entries. */
  public static final int RPL_NAMREPLY = 353;

  /** {@code 366}: end of NAMES. */
  public static final int RPL_ENDOFNAMES = 366;

  /** {@code 367}: one ban mask. */
  public static final int RPL_BANLIST = 367;

  /** {@code 368}: end of the ban list. */
  public static final int RPL_ENDOFBANLIST = 368;

  /** {@code 372}: one MOTD line. */
  public static final int RPL_MOTD = 372;

  /** {@code 375}: MOTD start. */
  public static final int RPL_MOTDSTART = 375;

  /** {@code 376}: MOTD end. */
  public static final int RPL_ENDOFMOTD = 376;

  /** {@code 391}: TIME answer. */
  public static final int RPL_TIME = 391;

  /** {@code 401}: no such nick or channel. */
  public static final int ERR_NOSUCHNICK = 401;

  /** {@code 403}: no such channel. */
  public static final int ERR_NOSUCHCHANNEL = 403;

  /** {@code 404}: cannot send to channel. */
  public static final int ERR_CANNOTSENDTOCHAN = 404;

  /** {@code 405}: joined too many channels. */
  public static final int ERR_TOOMANYCHANNELS = 405;

  /** {@code 407}: too many targets. */
  public static final int ERR_TOOMANYTARGETS = 407;

  /** {@code 409}: PING without origin. */
  public static final int ERR_NOORIGIN = 409;

  /** {@code 410}: unknown CAP subcommand. */
  public static final int ERR_INVALIDCAPCMD = 410;

  /** {@code 411}: no recipient. */
  public static final int ERR_NORECIPIENT = 411;

  /** {@code 412}: no text. */
  public static final int ERR_NOTEXTTOSEND = 412;

  /** {@code 417}: input line too long. */
  public static final int ERR_INPUTTOOLONG = 417;

  /** {@code 421}: unknown command. */
  public static final int ERR_UNKNOWNCOMMAND = 421;

  /** {@code 422}: no MOTD. */
  public static final int ERR_NOMOTD = 422;

  /** {@code 431}: no nick given. */
  public static final int ERR_NONICKNAMEGIVEN = 431;

  /** {@code 432}: erroneous nick. */
  public static final int ERR_ERRONEUSNICKNAME = 432;

  /** {@code 433}: nick in use. */
  public static final int ERR_NICKNAMEINUSE = 433;

  /** {@code 441}: target not on channel. */
  public static final int ERR_USERNOTINCHANNEL = 441;

  /** {@code 442}: you are not on that channel. */
  public static final int ERR_NOTONCHANNEL = 442;

  /** {@code 443}: target already on channel. */
  public static final int ERR_USERONCHANNEL = 443;

  /** {@code 451}: not registered. */
  public static final int ERR_NOTREGISTERED = 451;

  /** {@code 461}: not enough parameters. */
  public static final int ERR_NEEDMOREPARAMS = 461;

  /** {@code 462}: already registered. */
  public static final int ERR_ALREADYREGISTRED = 462;

  /** {@code 464}: wrong or missing password. */
  public static final int ERR_PASSWDMISMATCH = 464;

  /** {@code 471}: channel full (+l). */
  public static final int ERR_CHANNELISFULL = 471;

  /** {@code 472}: unknown channel mode. */
  public static final int ERR_UNKNOWNMODE = 472;

  /** {@code 473}: invite only (+i). */
  public static final int ERR_INVITEONLYCHAN = 473;

  /** {@code 474}: banned (+b). */
  public static final int ERR_BANNEDFROMCHAN = 474;

  /** {@code 475}: bad key (+k). */
  public static final int ERR_BADCHANNELKEY = 475;

  /** {@code 476}: malformed channel name. */
  public static final int ERR_BADCHANMASK = 476;

  /** {@code 482}: not channel operator. */
  public static final int ERR_CHANOPRIVSNEEDED = 482;

  /** {@code 501}: unknown user mode flag. */
  public static final int ERR_UMODEUNKNOWNFLAG = 501;

  /** {@code 502}: modes of other users. */
  public static final int ERR_USERSDONTMATCH = 502;

  /**
   * The three-digit form of a numeric ({@code 1} is {@code 001}).
   *
   * @param numeric the numeric
   * @return the command text
   */
  public static String code(int numeric) {
    return String.format("%03d", numeric);
  }

  /**
   * The parameters after the client's nick of a channel refusal, before its text.
   *
   * <p>The channel's {@code Refused} carries the numeric, the channel name and extra parameters;
   * the RFC puts the extra parameters before the channel ({@code 441 me bob #chan}, {@code 443 me
   * bob #chan}) and leaves the channel out of {@code 461 me MODE} and {@code 472 me x}.
   *
   * @param numeric the numeric
   * @param channel the channel name
   * @param params the refusal's extra parameters
   * @return the parameters in order
   */
  public static List<String> refusalParams(int numeric, String channel, List<String> params) {
    List<String> out = new ArrayList<>(params);
    if (numeric != ERR_NEEDMOREPARAMS && numeric != ERR_UNKNOWNMODE) out.add(channel);
    return out;
  }
}
