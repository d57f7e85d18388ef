package org.wskactors.samples.chat.irc;

/**
 * The naming rules of the server: nicks (RFC 2812 section 2.3.1), channel names (section 1.3), user
 * names and ban masks. Pure functions; limits are parameters so the server's configuration decides
 * them ({@code NICKLEN}, {@code CHANNELLEN}).
 */
public final class IrcRules {
  private IrcRules() {}

  /** The most characters kept of the user name a client gives in USER ({@code USERLEN}). */
  public static final int USER_LENGTH = 10;

  /**
   * Checks a nick: a letter or one of {@code []\`_^{|}} first, then letters, digits, those specials
   * and {@code -}, at most {@code maxLength} characters.
   *
   * @param nick the nick, or null
   * @param maxLength {@code NICKLEN}
   * @return 0 when valid, {@link Numeric#ERR_NONICKNAMEGIVEN} (431) when null or empty, {@link
   *     Numeric#ERR_ERRONEUSNICKNAME} (432) when invalid
   */
  public static int nickError(String nick, int maxLength) {
    if (nick == null || nick.isEmpty()) return Numeric.ERR_NONICKNAMEGIVEN;
    if (nick.length() > maxLength) return Numeric.ERR_ERRONEUSNICKNAME;
    char first = nick.charAt(0);
    if (!isLetter(first) && !isSpecial(first)) return Numeric.ERR_ERRONEUSNICKNAME;
    for (int i = 1; i < nick.length(); i++) {
      char c = nick.charAt(i);
      if (!isLetter(c) && !isSpecial(c) && !(c >= '0' && c <= '9') && c != '-') {
        return Numeric.ERR_ERRONEUSNICKNAME;
      }
    }
    return 0;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSpecial(char c) {
    return c == '[' || c == ']' || c == '\\' || c == '`' || c == '_' || c == '^' || c == '{'
        || c == '|' || c == '}';
  }

  /**
   * Whether a target names a channel (starts with one of {@code CHANTYPES}, {@code #&}).
   *
   * @param target a nick or channel name
   * @return true for a channel name
   */
  public static boolean isChannelName(String target) {
    return target != null
        && !target.isEmpty()
        && (target.charAt(0) == '#' || target.charAt(0) == '&');
  }

  /**
   * Checks a channel name: {@code #} or {@code &}, then at least one character, at most {@code
   * maxLength} characters in all, none of them space, comma, colon, BEL, NUL, CR or LF.
   *
   * @param name the name, or null
   * @param maxLength {@code CHANNELLEN}
   * @return 0 when valid, {@link Numeric#ERR_NOSUCHCHANNEL} (403) when it does not start with a
   *     channel prefix, {@link Numeric#ERR_BADCHANMASK} (476) when it does but is malformed
   */
  public static int channelError(String name, int maxLength) {
    if (!isChannelName(name)) return Numeric.ERR_NOSUCHCHANNEL;
    if (name.length() < 2 || name.codePointCount(0, name.length()) > maxLength) {
      return Numeric.ERR_BADCHANMASK;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == ',' || c == ':' || c == 7 || c == 0 || c == '\r' || c == '\n') {
        return Numeric.ERR_BADCHANMASK;
      }
    }
    return 0;
  }

  /**
   * The user name shown in prefixes: the name from USER cut to {@value #USER_LENGTH} characters of
   * letters, digits and {@code -_.[]\`^{|}}, after a {@code ~} that says it was not verified by
   * ident (this server does no ident lookups).
   *
   * @param given the user parameter of USER
   * @return the user name, {@code ~user} if nothing of it is usable
   */
  public static String userName(String given) {
    StringBuilder sb = new StringBuilder("~");
    for (int i = 0; i < given.length() && sb.length() <= USER_LENGTH; i++) {
      char c = given.charAt(i);
      if (isLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || isSpecial(c)) {
        sb.append(c);
      }
    }
    return sb.length() == 1 ? "~user" : sb.toString();
  }

  /**
   * Completes a ban mask to {@code nick!user@host}: {@code bob} becomes {@code bob!*@*}, {@code
   * *@host} becomes {@code *!*@host}, {@code user@host} becomes {@code *!user@host}, {@code bob!x}
   * becomes {@code bob!x@*}.
   *
   * @param mask the mask as given
   * @return the full mask
   */
  public static String normalizeMask(String mask) {
    int bang = mask.indexOf('!');
    int at = mask.indexOf('@');
    if (bang < 0 && at < 0) return mask + "!*@*";
    if (bang < 0) return "*!" + (at == 0 ? "*" : "") + mask + (at == mask.length() - 1 ? "*" : "");
    if (at < 0) return mask + "@*";
    return mask;
  }

  /**
   * A host for prefixes and numerics: an IPv6 address starting with {@code :} gets a leading {@code
   * 0}, or it would read as a trailing parameter ({@code ::1} becomes {@code 0::1}).
   *
   * @param host the peer's address in text
   * @return the host
   */
  public static String displayHost(String host) {
    return host.startsWith(":") ? "0" + host : host;
  }
}
