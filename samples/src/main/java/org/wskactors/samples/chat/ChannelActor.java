package org.wskactors.samples.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.ChannelCommand.BansAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Done;
import org.wskactors.samples.chat.backend.ChannelCommand.Invite;
import org.wskactors.samples.chat.backend.ChannelCommand.Join;
import org.wskactors.samples.chat.backend.ChannelCommand.Joined;
import org.wskactors.samples.chat.backend.ChannelCommand.Kick;
import org.wskactors.samples.chat.backend.ChannelCommand.Member;
import org.wskactors.samples.chat.backend.ChannelCommand.Members;
import org.wskactors.samples.chat.backend.ChannelCommand.MembersAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Message;
import org.wskactors.samples.chat.backend.ChannelCommand.Mode;
import org.wskactors.samples.chat.backend.ChannelCommand.ModesAre;
import org.wskactors.samples.chat.backend.ChannelCommand.NickChanged;
import org.wskactors.samples.chat.backend.ChannelCommand.Part;
import org.wskactors.samples.chat.backend.ChannelCommand.Quit;
import org.wskactors.samples.chat.backend.ChannelCommand.Refused;
import org.wskactors.samples.chat.backend.ChannelCommand.Reply;
import org.wskactors.samples.chat.backend.ChannelCommand.Topic;
import org.wskactors.samples.chat.backend.ChannelCommand.TopicIs;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;
import org.wskactors.samples.chat.irc.CaseMapping;
import org.wskactors.samples.chat.irc.IrcMessage;
import org.wskactors.samples.chat.irc.IrcRules;
import org.wskactors.samples.chat.irc.Numeric;

/**
 * One IRC channel: its members with their {@code +o}/{@code +v}, topic, modes, ban and invite
 * lists. Sessions send it {@link ChannelCommand}s (through a {@link
 * org.wskactors.samples.chat.backend.ChannelRef}); it answers each to the command's {@code replyTo}
 * and sends its broadcasts straight to the members' sessions as {@link SessionEvent.Deliver} lines,
 * always before the reply, so a session sees the JOIN line before its {@link Joined}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The first member of an empty channel becomes its operator; a new channel is {@code +nt}.
 *   <li>Channel modes: {@code +o +v} (members), {@code +t} (only operators set the topic), {@code
 *       +n} (no messages from outside), {@code +k key}, {@code +l limit}, {@code +i} (invitation
 *       needed; an INVITE also passes {@code +l}), {@code +m} (only {@code +o}/{@code +v} speak),
 *       {@code +b mask} (masks are completed to {@code nick!user@host} and matched with the {@code
 *       rfc1459} case mapping; a banned user can neither join nor speak unless voiced), and {@code
 *       +s} (secret: NAMES shows {@code @}, and the channel is left out of LIST and hidden from
 *       non-members' NAMES, WHO and TOPIC). At most {@value #MAX_MODE_CHANGES} changes with a
 *       parameter are applied per MODE ({@code MODES}), and the ban list holds at most {@value
 *       #MAX_BANS} masks.
 *   <li>Refusals are {@link Refused} with the numeric: 403 (the channel is empty, so it does not
 *       exist), 442, 441, 443, 461, 471, 472, 473, 474, 475, 482. A {@link Message} is the only
 *       command refused with 401 (empty channel) or 404 (cannot send), which lets a session tell
 *       its asynchronous message errors from the replies it awaits; a NOTICE is never answered.
 *   <li>Members are known by their session. A member's session is watched: when it stops the member
 *       is removed as by {@link Quit} with the reason {@code Connection closed} and the dedupe key
 *       {@code "quit:" + session path}, the key a session uses for its own QUIT.
 *   <li>A {@link NickChanged} that keeps the nick exactly (an AWAY change) updates the member
 *       silently.
 * </ul>
 *
 * <p>When the last member leaves, or a command other than JOIN reaches the channel while it is
 * empty, the channel forgets its state (topic, modes, lists; the next JOIN creates it afresh with a
 * new creation time) and returns what {@code whenEmpty} gives: {@link Behaviors#stopped()} to stop,
 * or {@link Behaviors#same()} to stay (a local router that first drains its queue, or a sharded
 * entity that passivates), in which case the actor goes on serving commands.
 */
public final class ChannelActor extends AbstractBehavior<ChannelCommand> {

  /** Most mode changes with a parameter applied by one MODE command ({@code MODES}). */
  public static final int MAX_MODE_CHANGES = 6;

  /** Most masks in a channel's ban list. */
  public static final int MAX_BANS = 100;

  /** Most pending invitations per channel; the oldest is dropped beyond that. */
  public static final int MAX_INVITES = 100;

  /** The channel modes without parameters, in the order {@code 324} shows them. */
  private static final String FLAG_MODES = "imnst";

  /**
   * A channel actor.
   *
   * @param folded the folded channel name (its key)
   * @param serverName the server's name, for logs
   * @param whenEmpty called with the actor's context when the channel became empty; its result is
   *     the actor's next behaviour
   * @return the behaviour
   */
  public static Behavior<ChannelCommand> create(
      String folded,
      String serverName,
      Function<ActorContext<ChannelCommand>, Behavior<ChannelCommand>> whenEmpty) {
    return Behaviors.setup(ctx -> new ChannelActor(ctx, folded, serverName, whenEmpty));
  }

  /** A member's mutable state. */
  private static final class MemberState {
    UserInfo user;
    boolean op;
    boolean voice;

    MemberState(UserInfo user, boolean op) {
      this.user = user;
      this.op = op;
    }

    String folded() {
      return CaseMapping.fold(user.nick());
    }
  }

  private final String folded;
  private final String serverName;
  private final Function<ActorContext<ChannelCommand>, Behavior<ChannelCommand>> whenEmpty;

  /** Members by session, in the order they joined. */
  private final Map<ActorRef<SessionEvent>, MemberState> members = new LinkedHashMap<>();

  private String display;
  private long createdAt;
  private String topic;
  private String topicSetBy;
  private long topicSetAt;
  private final StringBuilder flags = new StringBuilder();
  private String key;
  private int limit;
  private final List<String> bans = new ArrayList<>();
  private final LinkedHashSet<String> invites = new LinkedHashSet<>();

  private ChannelActor(
      ActorContext<ChannelCommand> ctx,
      String folded,
      String serverName,
      Function<ActorContext<ChannelCommand>, Behavior<ChannelCommand>> whenEmpty) {
    super(ctx);
    this.folded = folded;
    this.serverName = serverName;
    this.whenEmpty = whenEmpty;
    reset();
  }

  @Override
  public Receive<ChannelCommand> createReceive() {
    return newReceiveBuilder()
        .onMessage(Join.class, this::onJoin)
        .onMessage(Part.class, this::onPart)
        .onMessage(Message.class, this::onMessage)
        .onMessage(Topic.class, this::onTopic)
        .onMessage(Mode.class, this::onMode)
        .onMessage(Kick.class, this::onKick)
        .onMessage(Invite.class, this::onInvite)
        .onMessage(Members.class, this::onMembers)
        .onMessage(Quit.class, this::onQuit)
        .onMessage(NickChanged.class, this::onNickChanged)
        .onSignal(Terminated.class, this::onSessionTerminated)
        .build();
  }

  // ---- JOIN / PART / KICK / QUIT -------------------------------------------------------------

  private Behavior<ChannelCommand> onJoin(Join m) {
    ActorRef<SessionEvent> session = m.user().session();
    if (members.containsKey(session)) {
      m.replyTo().tell(new Done(display)); // already a member: nothing to do
      return this;
    }
    boolean first = members.isEmpty();
    if (first) {
      display = m.display() != null ? m.display() : folded;
      createdAt = Instant.now().getEpochSecond();
      getContext().getLog().debug("Channel {} created on {}", display, serverName);
    } else {
      boolean invited = invites.contains(CaseMapping.fold(m.user().nick()));
      if (flag('i') && !invited) {
        return refuse(m.replyTo(), Numeric.ERR_INVITEONLYCHAN, "Cannot join channel (+i)");
      }
      if (isBanned(m.user())) {
        return refuse(m.replyTo(), Numeric.ERR_BANNEDFROMCHAN, "Cannot join channel (+b)");
      }
      if (key != null && !key.equals(m.key())) {
        return refuse(m.replyTo(), Numeric.ERR_BADCHANNELKEY, "Cannot join channel (+k)");
      }
      if (limit > 0 && members.size() >= limit && !invited) {
        return refuse(m.replyTo(), Numeric.ERR_CHANNELISFULL, "Cannot join channel (+l)");
      }
    }
    invites.remove(CaseMapping.fold(m.user().nick()));
    members.put(session, new MemberState(m.user(), first));
    getContext().watch(session);
    broadcast(line(m.user().prefix(), "JOIN", display), null, null);
    m.replyTo().tell(new Joined(display, topic, topicSetBy, topicSetAt, memberList(), flag('s')));
    return this;
  }

  private Behavior<ChannelCommand> onPart(Part m) {
    if (members.isEmpty()) return refuseEmpty(m.replyTo(), Numeric.ERR_NOSUCHCHANNEL);
    MemberState member = members.get(m.user().session());
    if (member == null) {
      return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
    }
    String line =
        m.reason() == null || m.reason().isEmpty()
            ? line(member.user.prefix(), "PART", display)
            : trailing(member.user.prefix(), "PART", display, m.reason());
    broadcast(line, null, null);
    remove(member);
    m.replyTo().tell(new Done(display));
    return afterRemoval();
  }

  private Behavior<ChannelCommand> onKick(Kick m) {
    if (members.isEmpty()) return refuseEmpty(m.replyTo(), Numeric.ERR_NOSUCHCHANNEL);
    MemberState kicker = members.get(m.user().session());
    if (kicker == null) {
      return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
    }
    if (!kicker.op) {
      return refuse(m.replyTo(), Numeric.ERR_CHANOPRIVSNEEDED, "You're not channel operator");
    }
    MemberState target = memberByNick(m.targetFolded());
    if (target == null) {
      return refuse(
          m.replyTo(),
          Numeric.ERR_USERNOTINCHANNEL,
          List.of(m.targetFolded()),
          "They aren't on that channel");
    }
    String reason = m.reason() == null || m.reason().isEmpty() ? kicker.user.nick() : m.reason();
    // The target's session forgets the channel before it writes the KICK line: once the kicked
    // client can read the KICK, a command it sends (NAMES, say) already finds it out of the
    // channel.
    target.user.session().tell(new SessionEvent.LeftChannel(folded));
    broadcast(
        trailing(kicker.user.prefix(), "KICK", display, target.user.nick(), reason), null, null);
    remove(target);
    m.replyTo().tell(new Done(display));
    return afterRemoval();
  }

  private Behavior<ChannelCommand> onQuit(Quit m) {
    if (members.isEmpty()) return emptied();
    MemberState member = members.get(m.user().session());
    if (member == null) return this;
    return quit(member, m.reason(), m.dedupeKey());
  }

  private Behavior<ChannelCommand> onSessionTerminated(Terminated t) {
    MemberState member = members.get(t.getRef());
    if (member == null) return this;
    return quit(member, "Connection closed", "quit:" + t.getRef().path());
  }

  private Behavior<ChannelCommand> quit(MemberState member, String reason, String dedupeKey) {
    remove(member);
    broadcast(trailing(member.user.prefix(), "QUIT", reason), dedupeKey, null);
    return afterRemoval();
  }

  private Behavior<ChannelCommand> onNickChanged(NickChanged m) {
    if (members.isEmpty()) return emptied();
    MemberState member = members.get(m.after().session());
    if (member == null) return this;
    String oldPrefix = member.user.prefix();
    boolean sameNick = member.user.nick().equals(m.after().nick());
    member.user = m.after();
    if (!sameNick) {
      broadcast(
          trailing(oldPrefix, "NICK", m.after().nick()), m.dedupeKey(), member.user.session());
    }
    return this;
  }

  // ---- PRIVMSG / NOTICE, TOPIC, NAMES --------------------------------------------------------

  private Behavior<ChannelCommand> onMessage(Message m) {
    ActorRef<Reply> replyTo = "NOTICE".equals(m.command()) ? null : m.replyTo();
    if (members.isEmpty()) {
      if (replyTo != null) {
        replyTo.tell(
            new Refused(folded, Numeric.ERR_NOSUCHNICK, List.of(), "No such nick/channel"));
      }
      return emptied();
    }
    MemberState sender = members.get(m.user().session());
    boolean privileged = sender != null && (sender.op || sender.voice);
    boolean refused =
        (sender == null && flag('n'))
            || (flag('m') && !privileged)
            || (!privileged && isBanned(m.user()));
    if (refused) {
      if (replyTo != null) {
        replyTo.tell(
            new Refused(
                display, Numeric.ERR_CANNOTSENDTOCHAN, List.of(), "Cannot send to channel"));
      }
      return this;
    }
    broadcast(
        trailing(m.user().prefix(), m.command(), display, m.text()), null, m.user().session());
    return this;
  }

  private Behavior<ChannelCommand> onTopic(Topic m) {
    if (members.isEmpty()) return refuseEmpty(m.replyTo(), Numeric.ERR_NOSUCHCHANNEL);
    MemberState member = m.user() == null ? null : members.get(m.user().session());
    if (m.topic() == null) {
      if (flag('s') && member == null && m.user() != null) {
        return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
      }
      m.replyTo().tell(new TopicIs(display, topic, topicSetBy, topicSetAt));
      return this;
    }
    if (member == null) {
      return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
    }
    if (flag('t') && !member.op) {
      return refuse(m.replyTo(), Numeric.ERR_CHANOPRIVSNEEDED, "You're not channel operator");
    }
    topic = m.topic().isEmpty() ? null : m.topic();
    topicSetBy = member.user.prefix();
    topicSetAt = Instant.now().getEpochSecond();
    broadcast(trailing(member.user.prefix(), "TOPIC", display, m.topic()), null, null);
    m.replyTo().tell(new Done(display));
    return this;
  }

  private Behavior<ChannelCommand> onMembers(Members m) {
    if (members.isEmpty()) {
      m.replyTo().tell(new MembersAre(folded, List.of(), false));
      return emptied();
    }
    m.replyTo().tell(new MembersAre(display, memberList(), flag('s')));
    return this;
  }

  // ---- INVITE --------------------------------------------------------------------------------

  private Behavior<ChannelCommand> onInvite(Invite m) {
    if (members.isEmpty()) return refuseEmpty(m.replyTo(), Numeric.ERR_NOSUCHCHANNEL);
    MemberState inviter = members.get(m.user().session());
    if (inviter == null) {
      return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
    }
    String targetFolded = CaseMapping.fold(m.target().nick());
    if (members.containsKey(m.target().session()) || memberByNick(targetFolded) != null) {
      return refuse(
          m.replyTo(),
          Numeric.ERR_USERONCHANNEL,
          List.of(m.target().nick()),
          "is already on channel");
    }
    if (flag('i') && !inviter.op) {
      return refuse(m.replyTo(), Numeric.ERR_CHANOPRIVSNEEDED, "You're not channel operator");
    }
    invites.remove(targetFolded);
    invites.add(targetFolded);
    if (invites.size() > MAX_INVITES) {
      Iterator<String> oldest = invites.iterator();
      oldest.next();
      oldest.remove();
    }
    m.target()
        .session()
        .tell(
            new SessionEvent.Deliver(
                trailing(inviter.user.prefix(), "INVITE", m.target().nick(), display), null));
    m.replyTo().tell(new Done(display));
    return this;
  }

  // ---- MODE ----------------------------------------------------------------------------------

  private Behavior<ChannelCommand> onMode(Mode m) {
    if (members.isEmpty()) return refuseEmpty(m.replyTo(), Numeric.ERR_NOSUCHCHANNEL);
    MemberState member = members.get(m.user().session());
    List<String> changes = m.changes() == null ? List.of() : m.changes();
    if (changes.isEmpty()) {
      if (flag('s') && member == null) {
        return refuse(m.replyTo(), Numeric.ERR_NOTONCHANNEL, "You're not on that channel");
      }
      m.replyTo()
          .tell(
              new ModesAre(
                  display, modeString(), member != null ? modeParams() : List.of(), createdAt));
      return this;
    }
    String modes = changes.get(0);
    if (modes.replace("+", "").replace("-", "").equals("b") && changes.size() == 1) {
      m.replyTo().tell(new BansAre(display, List.copyOf(bans)));
      return this;
    }
    if (member == null || !member.op) {
      return refuse(m.replyTo(), Numeric.ERR_CHANOPRIVSNEEDED, "You're not channel operator");
    }
    ModeChange change = new ModeChange(changes.subList(1, changes.size()));
    for (int i = 0; i < modes.length() && change.parameterChanges < MAX_MODE_CHANGES; i++) {
      char c = modes.charAt(i);
      if (c == '+' || c == '-') {
        change.sign = c;
        continue;
      }
      applyMode(c, change);
    }
    if (change.applied.length() > 0) {
      List<String> params = new ArrayList<>();
      params.add(display);
      params.add(change.applied.toString());
      params.addAll(change.appliedArgs);
      broadcast(new IrcMessage(member.user.prefix(), "MODE", params).format(), null, null);
    }
    m.replyTo().tell(change.firstError != null ? change.firstError : new Done(display));
    return this;
  }

  /** The progress of one MODE command. */
  private final class ModeChange {
    final List<String> args;
    int nextArg;
    char sign = '+';
    char appliedSign = 0;
    int parameterChanges;
    final StringBuilder applied = new StringBuilder();
    final List<String> appliedArgs = new ArrayList<>();
    Refused firstError;

    ModeChange(List<String> args) {
      this.args = args;
    }

    String nextArg() {
      return nextArg < args.size() ? args.get(nextArg++) : null;
    }

    void applied(char c, String arg) {
      if (appliedSign != sign) {
        applied.append(sign);
        appliedSign = sign;
      }
      applied.append(c);
      if (arg != null) appliedArgs.add(arg);
    }

    void error(int numeric, List<String> params, String text) {
      if (firstError == null) firstError = new Refused(display, numeric, params, text);
    }
  }

  private void applyMode(char c, ModeChange change) {
    boolean plus = change.sign == '+';
    switch (c) {
      case 'o':
      case 'v':
        {
          String nick = change.nextArg();
          if (nick == null) {
            change.error(Numeric.ERR_NEEDMOREPARAMS, List.of("MODE"), "Not enough parameters");
            return;
          }
          change.parameterChanges++;
          MemberState target = memberByNick(CaseMapping.fold(nick));
          if (target == null) {
            change.error(
                Numeric.ERR_USERNOTINCHANNEL, List.of(nick), "They aren't on that channel");
            return;
          }
          boolean current = c == 'o' ? target.op : target.voice;
          if (current == plus) return;
          if (c == 'o') target.op = plus;
          else target.voice = plus;
          change.applied(c, target.user.nick());
          return;
        }
      case 'b':
        {
          String mask = change.nextArg();
          if (mask == null) return; // a ban list query mixed with changes: ignored
          change.parameterChanges++;
          String full = IrcRules.normalizeMask(mask);
          String existing = null;
          for (String b : bans) {
            if (CaseMapping.equals(b, full)) existing = b;
          }
          boolean writable = full.indexOf(' ') < 0 && !full.startsWith(":");
          if (plus && existing == null && bans.size() < MAX_BANS && writable) {
            bans.add(full);
            change.applied('b', full);
          } else if (!plus && existing != null) {
            bans.remove(existing);
            change.applied('b', existing);
          }
          return;
        }
      case 'k':
        {
          String given = change.nextArg();
          if (plus) {
            if (given == null) {
              change.error(Numeric.ERR_NEEDMOREPARAMS, List.of("MODE"), "Not enough parameters");
              return;
            }
            change.parameterChanges++;
            if (given.isEmpty()
                || given.indexOf(',') >= 0
                || given.indexOf(' ') >= 0
                || given.startsWith(":")) {
              return;
            }
            key = given;
            change.applied('k', given);
          } else if (key != null) {
            change.parameterChanges++;
            key = null;
            change.applied('k', "*");
          }
          return;
        }
      case 'l':
        {
          if (plus) {
            String given = change.nextArg();
            if (given == null) {
              change.error(Numeric.ERR_NEEDMOREPARAMS, List.of("MODE"), "Not enough parameters");
              return;
            }
            change.parameterChanges++;
            int n;
            try {
              n = Integer.parseInt(given);
            } catch (NumberFormatException e) {
              return;
            }
            if (n <= 0 || n == limit) return;
            limit = n;
            change.applied('l', String.valueOf(n));
          } else if (limit > 0) {
            limit = 0;
            change.applied('l', null);
          }
          return;
        }
      default:
        if (FLAG_MODES.indexOf(c) >= 0) {
          if (flag(c) == plus) return;
          setFlag(c, plus);
          change.applied(c, null);
          return;
        }
        change.error(
            Numeric.ERR_UNKNOWNMODE, List.of(String.valueOf(c)), "is unknown mode char to me");
    }
  }

  private String modeString() {
    StringBuilder sb = new StringBuilder("+");
    for (char c : FLAG_MODES.toCharArray()) {
      if (flag(c)) sb.append(c);
    }
    if (key != null) sb.append('k');
    if (limit > 0) sb.append('l');
    return sb.toString();
  }

  private List<String> modeParams() {
    List<String> params = new ArrayList<>();
    if (key != null) params.add(key);
    if (limit > 0) params.add(String.valueOf(limit));
    return params;
  }

  private boolean flag(char c) {
    return flags.indexOf(String.valueOf(c)) >= 0;
  }

  private void setFlag(char c, boolean on) {
    int i = flags.indexOf(String.valueOf(c));
    if (on && i < 0) flags.append(c);
    if (!on && i >= 0) flags.deleteCharAt(i);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private boolean isBanned(UserInfo user) {
    String prefix = user.prefix();
    for (String mask : bans) {
      if (CaseMapping.matches(mask, prefix)) return true;
    }
    return false;
  }

  private MemberState memberByNick(String foldedNick) {
    for (MemberState s : members.values()) {
      if (s.folded().equals(foldedNick)) return s;
    }
    return null;
  }

  private List<Member> memberList() {
    List<Member> list = new ArrayList<>(members.size());
    for (MemberState s : members.values()) list.add(new Member(s.user, s.op, s.voice));
    return list;
  }

  private void remove(MemberState member) {
    members.remove(member.user.session());
    getContext().unwatch(member.user.session());
  }

  /** After a member left: the channel ends when it was the last one. */
  private Behavior<ChannelCommand> afterRemoval() {
    return members.isEmpty() ? emptied() : this;
  }

  /** The channel is empty: forget its state and let {@code whenEmpty} decide. */
  private Behavior<ChannelCommand> emptied() {
    if (display != null && !display.equals(folded)) {
      getContext().getLog().debug("Channel {} is empty", display);
    }
    reset();
    return whenEmpty.apply(getContext());
  }

  private void reset() {
    display = folded;
    createdAt = 0;
    topic = null;
    topicSetBy = null;
    topicSetAt = 0;
    flags.setLength(0);
    flags.append("nt");
    key = null;
    limit = 0;
    bans.clear();
    invites.clear();
  }

  private Behavior<ChannelCommand> refuse(ActorRef<Reply> replyTo, int numeric, String text) {
    return refuse(replyTo, numeric, List.of(), text);
  }

  private Behavior<ChannelCommand> refuse(
      ActorRef<Reply> replyTo, int numeric, List<String> params, String text) {
    if (replyTo != null) replyTo.tell(new Refused(display, numeric, params, text));
    return this;
  }

  /** Refuses a command to an empty channel (which does not exist) and lets it end. */
  private Behavior<ChannelCommand> refuseEmpty(ActorRef<Reply> replyTo, int numeric) {
    if (replyTo != null) {
      replyTo.tell(new Refused(folded, numeric, List.of(), "No such channel"));
    }
    return emptied();
  }

  /**
   * Sends a line to every member but {@code except}.
   *
   * @param line the line
   * @param dedupeKey the dedupe key or null
   * @param except a session to skip, or null
   */
  private void broadcast(String line, String dedupeKey, ActorRef<SessionEvent> except) {
    SessionEvent.Deliver deliver = new SessionEvent.Deliver(line, dedupeKey);
    for (ActorRef<SessionEvent> session : members.keySet()) {
      if (!session.equals(except)) session.tell(deliver);
    }
  }

  private static String line(String prefix, String command, String... params) {
    return new IrcMessage(prefix, command, List.of(params)).format();
  }

  private static String trailing(String prefix, String command, String... params) {
    return new IrcMessage(prefix, command, List.of(params)).formatWithTrailing();
  }
}
