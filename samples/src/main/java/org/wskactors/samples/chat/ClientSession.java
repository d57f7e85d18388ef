package org.wskactors.samples.chat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.samples.SocketAddresses;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.ChannelCommand.BansAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Done;
import org.wskactors.samples.chat.backend.ChannelCommand.Joined;
import org.wskactors.samples.chat.backend.ChannelCommand.Member;
import org.wskactors.samples.chat.backend.ChannelCommand.MembersAre;
import org.wskactors.samples.chat.backend.ChannelCommand.ModesAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Refused;
import org.wskactors.samples.chat.backend.ChannelCommand.Reply;
import org.wskactors.samples.chat.backend.ChannelCommand.TopicIs;
import org.wskactors.samples.chat.backend.ChatBackend;
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;
import org.wskactors.samples.chat.irc.CaseMapping;
import org.wskactors.samples.chat.irc.IrcMessage;
import org.wskactors.samples.chat.irc.IrcRules;
import org.wskactors.samples.chat.irc.LineFramer;
import org.wskactors.samples.chat.irc.Numeric;

/**
 * One IRC client connection, a child of the {@link ChatServer}: it accepts the connection socket of
 * its {@link AcceptEvent} (with {@link WskEvent#RECEIVE} and {@link WskEvent#DISCONNECT}), speaks
 * the client protocol of RFC 1459 / RFC 2812, and is the user's presence in the chat: its ref is
 * the {@link UserInfo#session()} that channels, the nick registry and other sessions send {@link
 * SessionEvent}s to.
 *
 * <h2>Flow control, end to end</h2>
 *
 * <ul>
 *   <li><b>Input.</b> Every {@link ReceiveEvent} is answered {@link
 *       ReceiveEventResponse#retained()} and queued as it is; lines are cut from the queued
 *       indications ({@link LineFramer}) only as they are processed, and an indication is given
 *       back ({@link Release}) once all its lines were. The session holds nothing else but one
 *       partial line (at most 510 bytes), so while it does not process, the socket's receive window
 *       fills, the socket stops reading and TCP pushes back on the client.
 *   <li><b>Serial commands.</b> A command that needs an answer from the backend (JOIN, WHOIS, a
 *       PRIVMSG to a nick, ...) holds the following lines until the answer came or {@code
 *       wsk-chat.reply-timeout} passed, so replies reach the client in command order (a PING after
 *       NAMES is answered after the names).
 *   <li><b>Flood throttle.</b> A token bucket: {@code flood.burst} lines at once, then one line per
 *       {@code flood.interval}. Over budget the session stops processing and resumes on a timer;
 *       the lines wait in the retained indications, so a flooder is slowed down by TCP, and every
 *       line is still processed, in order.
 *   <li><b>Output.</b> Lines written while handling one message are coalesced into one {@link
 *       Send}. The bytes of sends not yet completed are the send queue; when a line would take it
 *       past {@code send-queue-limit} (or the socket refuses a send with {@link
 *       WskStatus#STATUS_INSUFFICIENT_RESOURCES}) the client is dropped with {@code SendQ
 *       exceeded}.
 * </ul>
 *
 * <h2>Lifecycle</h2>
 *
 * Registration: {@code PASS} (when {@code wsk-chat.password} is set; wrong or missing gives 464 and
 * closes), {@code NICK} and {@code USER}, held while {@code CAP LS}/{@code CAP REQ} negotiation is
 * open until {@code CAP END}; the nick is claimed from the registry, then 001-005, LUSERS and the
 * MOTD follow. Unregistered after {@code registration-timeout}, the client is dropped. When no line
 * came for {@code ping-interval} the server sends PING and drops the client when no line came
 * {@code ping-timeout} later; bytes of an unfinished line do not count, so a client that trickles a
 * line without ever ending it is dropped too.
 *
 * <p>Closing: the user leaves every channel ({@link ChannelCommand.Quit} with the dedupe key {@code
 * "quit:" + session path}) and frees its nick, then the session writes {@code ERROR :Closing Link:
 * <host> (<reason>)}, disconnects gracefully, waits up to {@code close-linger} for the client's
 * FIN, closes the socket and stops. A client that closes first has its remaining lines processed
 * before. A reset or a failed socket ends the session at once.
 *
 * <p>Its message type is {@code Object}: {@link SessionEvent}s (a sealed protocol of the chat
 * backend), {@link ServerShutdown} from the server, and private replies, events and timers.
 */
public final class ClientSession extends AbstractBehavior<Object> {

  /**
   * Server to session: the server shuts down; the session quits with {@code reason} and closes.
   *
   * @param reason the reason shown in QUIT and ERROR
   */
  public record ServerShutdown(String reason) {}

  /** The IRC line limit in bytes, CR LF included (RFC 1459 section 2.3). */
  public static final int MAX_LINE_BYTES = 512;

  /**
   * How many recent dedupe keys a session remembers (QUIT/NICK broadcasts arrive close together).
   */
  public static final int DEDUPE_MEMORY = 1024;

  /** User modes the server knows (004). */
  public static final String USER_MODES = "iow";

  /** Channel modes the server knows (004). */
  public static final String CHANNEL_MODES = "biklmnostv";

  /** Channel modes with a parameter (004). */
  public static final String CHANNEL_MODES_WITH_PARAM = "bklov";

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private record SocketEvent(ConnectionSocket.Event event) {}

  private record Sent(SendCompleted reply) {}

  private record Disconnected(DisconnectCompleted reply) {}

  private record Closed(CloseCompleted reply) {}

  private record ChannelAnswer(Reply reply) {}

  private record ClaimAnswer(NickCommand.ClaimReply reply) {}

  private record FoundAnswer(NickCommand.Found reply) {}

  private record ListAnswer(ChannelCommand.ChannelList reply) {}

  private record CountsAnswer(ChannelCommand.NetworkCounts reply) {}

  private record WhoisAnswer(SessionEvent.WhoisInfo reply) {}

  /** Timer to session: the awaited answer {@code seq} did not come in time. */
  private record AwaitTimeout(long seq) {}

  /** Self-messages and timers without data (each one its own timer key). */
  private enum Tick {
    FLUSH,
    RESUME,
    IDLE_CHECK,
    PONG_DEADLINE,
    REGISTRATION_DEADLINE,
    AWAIT,
    LINGER,
    SOCKET_TERMINATED
  }

  private enum Phase {
    REGISTERING,
    REGISTERED,
    CLOSING
  }

  /** A retained indication and how far its bytes were framed. */
  private static final class Chunk {
    final long indicationId;
    final Iterator<ByteBuffer> buffers;
    ByteBuffer current;

    Chunk(ReceiveEvent r) {
      this.indicationId = r.indicationId();
      this.buffers = r.data().getByteBuffers().iterator();
    }
  }

  /** An answer the session waits for before it processes further lines. */
  private record Await(
      long seq, Predicate<Object> accepts, Consumer<Object> then, Runnable onTimeout) {}

  /** The user's view of one of its channels. */
  private static final class Membership {
    final String display;
    boolean op;
    boolean voice;

    Membership(String display, boolean op, boolean voice) {
      this.display = display;
      this.op = op;
      this.voice = voice;
    }
  }

  /**
   * A session for an accepted connection; it answers {@code accepted} itself.
   *
   * @param settings the chat settings
   * @param backend the chat backend
   * @param info the server's version, start time and MOTD
   * @param accepted the listening socket's accept event
   * @return the behaviour
   */
  public static Behavior<Object> create(
      ChatSettings settings, ChatBackend backend, ServerInfo info, AcceptEvent accepted) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new ClientSession(ctx, timers, settings, backend, info, accepted)));
  }

  private final TimerScheduler<Object> timers;
  private final ChatSettings settings;
  private final ChatBackend backend;
  private final ServerInfo info;
  private final String serverName;
  private final ActorRef<ConnectionSocket.Command> socket;
  private final InetSocketAddress remote;
  private final String host;
  private final ActorRef<SessionEvent> me;
  private final String quitKey;
  private final String selfPath;

  private final ActorRef<SendCompleted> sentAdapter;
  private final ActorRef<DisconnectCompleted> disconnectedAdapter;
  private final ActorRef<CloseCompleted> closedAdapter;
  private final ActorRef<Reply> channelAdapter;
  private final ActorRef<NickCommand.ClaimReply> claimAdapter;
  private final ActorRef<NickCommand.Found> foundAdapter;
  private final ActorRef<ChannelCommand.ChannelList> listAdapter;
  private final ActorRef<ChannelCommand.NetworkCounts> countsAdapter;
  private final ActorRef<SessionEvent.WhoisInfo> whoisAdapter;

  // input
  private final ArrayDeque<Chunk> input = new ArrayDeque<>();
  private final LineFramer framer = new LineFramer(MAX_LINE_BYTES);
  private LineFramer.Frame held;
  private boolean draining;
  private double tokens;
  private long lastRefill;
  private boolean peerClosed;

  // awaiting
  private Await awaiting;
  private long awaitSeq;

  // output
  private ByteStringBuilder out = ByteString.createBuilder();
  private boolean flushScheduled;
  private long sendQueued;
  private final ArrayDeque<Long> outstanding = new ArrayDeque<>();

  // state
  private Phase phase = Phase.REGISTERING;
  private boolean stopped;
  private boolean left;
  private boolean disconnectDone;
  private boolean closeSent;
  private String pass;
  private String nick;
  private String userName;
  private String realName;
  private boolean capNegotiating;
  private UserInfo user;
  private final StringBuilder userModes = new StringBuilder();
  private final Map<String, Membership> channels = new LinkedHashMap<>();
  private final LinkedHashSet<String> dedupe = new LinkedHashSet<>();
  private long nickChanges;
  private long lastActivity;
  private boolean awaitingPong;
  private long lastMessageAt;

  private ClientSession(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      ChatSettings settings,
      ChatBackend backend,
      ServerInfo info,
      AcceptEvent accepted) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.backend = backend;
    this.info = info;
    this.serverName = backend.serverName();
    this.socket = accepted.acceptSocket();
    this.remote = accepted.remoteAddress();
    this.host = IrcRules.displayHost(SocketAddresses.format(remote.getAddress()));
    this.me = ctx.getSelf().narrow();
    this.selfPath = ctx.getSelf().path().toString();
    this.quitKey = "quit:" + selfPath;
    this.sentAdapter = ctx.messageAdapter(SendCompleted.class, Sent::new);
    this.disconnectedAdapter = ctx.messageAdapter(DisconnectCompleted.class, Disconnected::new);
    this.closedAdapter = ctx.messageAdapter(CloseCompleted.class, Closed::new);
    this.channelAdapter = ctx.messageAdapter(Reply.class, ChannelAnswer::new);
    this.claimAdapter = ctx.messageAdapter(NickCommand.ClaimReply.class, ClaimAnswer::new);
    this.foundAdapter = ctx.messageAdapter(NickCommand.Found.class, FoundAnswer::new);
    this.listAdapter = ctx.messageAdapter(ChannelCommand.ChannelList.class, ListAnswer::new);
    this.countsAdapter = ctx.messageAdapter(ChannelCommand.NetworkCounts.class, CountsAnswer::new);
    this.whoisAdapter = ctx.messageAdapter(SessionEvent.WhoisInfo.class, WhoisAnswer::new);
    this.tokens = settings.floodBurst();
    this.lastRefill = System.nanoTime();
    this.lastActivity = System.nanoTime();
    ctx.watchWith(socket, Tick.SOCKET_TERMINATED);
    accepted
        .replyTo()
        .tell(
            AcceptEventResponse.accept(
                ctx.messageAdapter(ConnectionSocket.Event.class, SocketEvent::new),
                WskEvent.RECEIVE,
                WskEvent.DISCONNECT));
    timers.startSingleTimer(Tick.REGISTRATION_DEADLINE, settings.registrationTimeout());
    timers.startSingleTimer(Tick.IDLE_CHECK, settings.pingInterval());
    ctx.getLog().debug("Session for {} started", SocketAddresses.format(remote));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(SocketEvent.class, this::onSocketEvent)
        .onMessage(Sent.class, this::onSent)
        .onMessage(SessionEvent.Deliver.class, this::onDeliver)
        .onMessage(SessionEvent.LeftChannel.class, this::onLeftChannel)
        .onMessage(SessionEvent.WhoisQuery.class, this::onWhoisQuery)
        .onMessage(ChannelAnswer.class, this::onChannelAnswer)
        .onMessage(ClaimAnswer.class, m -> answered(m.reply()))
        .onMessage(FoundAnswer.class, m -> answered(m.reply()))
        .onMessage(ListAnswer.class, m -> answered(m.reply()))
        .onMessage(CountsAnswer.class, m -> answered(m.reply()))
        .onMessage(WhoisAnswer.class, m -> answered(m.reply()))
        .onMessage(AwaitTimeout.class, this::onAwaitTimeout)
        .onMessage(ServerShutdown.class, this::onServerShutdown)
        .onMessage(Disconnected.class, this::onDisconnected)
        .onMessage(Closed.class, m -> Behaviors.stopped())
        .onMessage(Tick.class, this::onTick)
        .build();
  }

  private Behavior<Object> next() {
    return stopped ? Behaviors.stopped() : this;
  }

  // ---- socket events -------------------------------------------------------------------------

  private Behavior<Object> onSocketEvent(SocketEvent m) {
    ConnectionSocket.Event e = m.event();
    if (e instanceof ReceiveEvent r) {
      if (phase == Phase.CLOSING) {
        r.replyTo().tell(ReceiveEventResponse.consumed()); // closing: input is dropped
        return next();
      }
      r.replyTo().tell(ReceiveEventResponse.retained());
      input.add(new Chunk(r));
      // Only a line counts as activity: bytes of a line never ended (a client trickling a
      // partial line) do not keep the connection from PING and the ping timeout.
      if (endsALine(r.data())) activity();
      drain();
      return next();
    }
    if (e instanceof DisconnectEvent d) {
      if (d.abortive()) return connectionLost("Connection reset by peer");
      peerClosed = true;
      if (phase == Phase.CLOSING) {
        if (disconnectDone) closeSocket();
      } else {
        drain(); // the remaining lines first; then the session ends
      }
      return next();
    }
    if (e instanceof SocketFailedEvent f) {
      getContext()
          .getLog()
          .warn("Connection from {} failed with {}", SocketAddresses.format(remote), f.status());
      leaveNetwork("Connection failed");
      stopped = true;
    }
    return next();
  }

  /** Whether received bytes end a line (hold a LF or CR, as {@link LineFramer} cuts lines). */
  private static boolean endsALine(ByteString data) {
    return data.indexOf((byte) '\n') >= 0 || data.indexOf((byte) '\r') >= 0;
  }

  private void activity() {
    lastActivity = System.nanoTime();
    if (awaitingPong) {
      awaitingPong = false;
      timers.cancel(Tick.PONG_DEADLINE);
    }
  }

  // ---- input: framing, throttling, dispatch --------------------------------------------------

  /** Processes lines while there are some, the budget allows and no answer is awaited. */
  private void drain() {
    if (draining) return;
    draining = true;
    try {
      while (phase != Phase.CLOSING && awaiting == null && !stopped) {
        if (held == null) held = nextFrame();
        if (held == null) break;
        if (!takeToken()) {
          scheduleResume();
          return;
        }
        LineFramer.Frame f = held;
        held = null;
        handleFrame(f);
      }
      if (held == null
          && input.isEmpty()
          && peerClosed
          && awaiting == null
          && phase != Phase.CLOSING
          && !stopped) {
        leaveNetwork("Connection closed");
        beginClose("connection closed by the client");
      }
    } finally {
      draining = false;
    }
  }

  /** The next frame of the retained input; indications fully framed are released. */
  private LineFramer.Frame nextFrame() {
    while (!input.isEmpty()) {
      Chunk c = input.peek();
      while (true) {
        if (c.current == null || !c.current.hasRemaining()) {
          if (!c.buffers.hasNext()) break;
          c.current = c.buffers.next();
          continue;
        }
        LineFramer.Frame f = framer.next(c.current);
        if (f != null) return f;
      }
      input.poll();
      socket.tell(new Release(c.indicationId));
    }
    return null;
  }

  private boolean takeToken() {
    long now = System.nanoTime();
    double perToken = settings.floodInterval().toNanos();
    tokens = Math.min(settings.floodBurst(), tokens + (now - lastRefill) / perToken);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void scheduleResume() {
    long wait = (long) Math.ceil((1 - tokens) * settings.floodInterval().toNanos());
    timers.startSingleTimer(Tick.RESUME, Duration.ofNanos(Math.max(wait, 1)));
  }

  private void handleFrame(LineFramer.Frame f) {
    switch (f.kind()) {
      case TOO_LONG:
        numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
        return;
      case NUL:
        notice("Line with a NUL byte ignored");
        return;
      default:
        IrcMessage m = IrcMessage.parse(f.line());
        if (m != null) dispatch(m);
    }
  }

  private void dispatch(IrcMessage m) {
    String command = m.command();
    if (phase == Phase.REGISTERING) {
      switch (command) {
        case "NICK" -> registrationNick(m);
        case "USER" -> registrationUser(m);
        case "PASS" -> registrationPass(m);
        case "CAP" -> cap(m);
        case "PING" -> ping(m);
        case "PONG", "NOTICE" -> {} // a NOTICE is never answered, not even with 451
        case "QUIT" -> quit(m);
        default -> numeric(Numeric.ERR_NOTREGISTERED, "You have not registered");
      }
      return;
    }
    switch (command) {
      case "JOIN" -> join(m);
      case "PART" -> part(m);
      case "PRIVMSG", "NOTICE" -> message(m);
      case "QUIT" -> quit(m);
      case "NICK" -> nickChange(m);
      case "NAMES" -> names(m);
      case "TOPIC" -> topic(m);
      case "LIST" -> list(m);
      case "WHO" -> who(m);
      case "WHOIS" -> whois(m);
      case "MODE" -> mode(m);
      case "KICK" -> kick(m);
      case "INVITE" -> invite(m);
      case "AWAY" -> away(m);
      case "ISON" -> ison(m);
      case "USERHOST" -> userhost(m);
      case "LUSERS" -> lusers(() -> {});
      case "VERSION" ->
          numeric(Numeric.RPL_VERSION, info.version() + ".", serverName, "wsk-actors IRC server");
      case "TIME" ->
          numeric(
              Numeric.RPL_TIME, serverName, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
      case "MOTD" -> motd();
      case "PING" -> ping(m);
      case "PONG" -> {}
      case "CAP" -> cap(m);
      case "USER", "PASS" -> numeric(Numeric.ERR_ALREADYREGISTRED, "You may not reregister");
      default -> numeric(Numeric.ERR_UNKNOWNCOMMAND, token(command), "Unknown command");
    }
  }

  // ---- awaiting answers ----------------------------------------------------------------------

  private void await(Predicate<Object> accepts, Consumer<Object> then, Runnable onTimeout) {
    long seq = ++awaitSeq;
    awaiting = new Await(seq, accepts, then, onTimeout);
    timers.startSingleTimer(Tick.AWAIT, new AwaitTimeout(seq), settings.replyTimeout());
  }

  private Behavior<Object> onChannelAnswer(ChannelAnswer m) {
    Reply r = m.reply();
    if (r instanceof Refused refused
        && (refused.numeric() == Numeric.ERR_NOSUCHNICK
            || refused.numeric() == Numeric.ERR_CANNOTSENDTOCHAN)) {
      // the asynchronous errors of messages to channels (ChannelActor's contract)
      if (phase == Phase.REGISTERED) refusal(refused);
      return next();
    }
    return answered(r);
  }

  private Behavior<Object> answered(Object reply) {
    if (phase == Phase.CLOSING || stopped) return next();
    if (awaiting == null || !awaiting.accepts().test(reply)) {
      getContext().getLog().debug("Late or unexpected answer {}", reply);
      return next();
    }
    Await a = awaiting;
    awaiting = null;
    timers.cancel(Tick.AWAIT);
    a.then().accept(reply);
    drain();
    return next();
  }

  private Behavior<Object> onAwaitTimeout(AwaitTimeout m) {
    if (awaiting == null || awaiting.seq() != m.seq() || phase == Phase.CLOSING) return next();
    getContext()
        .getLog()
        .warn("No answer from the chat backend within {}", settings.replyTimeout());
    Await a = awaiting;
    awaiting = null;
    a.onTimeout().run();
    drain();
    return next();
  }

  private static String channelOf(Reply r) {
    if (r instanceof Done d) return d.channel();
    if (r instanceof Refused x) return x.channel();
    if (r instanceof Joined j) return j.channel();
    if (r instanceof TopicIs t) return t.channel();
    if (r instanceof MembersAre m) return m.channel();
    if (r instanceof ModesAre m) return m.channel();
    if (r instanceof BansAre b) return b.channel();
    return null;
  }

  private static Predicate<Object> channelReply(String folded) {
    return r -> r instanceof Reply reply && folded.equals(CaseMapping.fold(channelOf(reply)));
  }

  private static Predicate<Object> found(String folded) {
    return r -> r instanceof NickCommand.Found f && folded.equals(f.folded());
  }

  private static Predicate<Object> claimOf(String folded) {
    return r ->
        (r instanceof NickCommand.Granted g && folded.equals(g.folded()))
            || (r instanceof NickCommand.InUse u && folded.equals(u.folded()));
  }

  // ---- registration --------------------------------------------------------------------------

  private void registrationNick(IrcMessage m) {
    String n = m.param(0);
    if (!validNick(n)) return;
    nick = n;
    tryRegister();
  }

  private void registrationUser(IrcMessage m) {
    if (m.params().size() < 4) {
      needMoreParams("USER");
      return;
    }
    if (userName != null) {
      numeric(Numeric.ERR_ALREADYREGISTRED, "You may not reregister");
      return;
    }
    userName = IrcRules.userName(m.param(0));
    realName = m.param(3);
    tryRegister();
  }

  private void registrationPass(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("PASS");
      return;
    }
    pass = m.param(0);
  }

  private boolean validNick(String n) {
    int error = IrcRules.nickError(n, settings.nickLength());
    if (error == Numeric.ERR_NONICKNAMEGIVEN) {
      numeric(error, "No nickname given");
      return false;
    }
    if (error == Numeric.ERR_ERRONEUSNICKNAME) {
      numeric(error, token(n), "Erroneous nickname");
      return false;
    }
    return true;
  }

  private void tryRegister() {
    if (phase != Phase.REGISTERING || nick == null || userName == null || capNegotiating) return;
    if (settings.passwordRequired() && !passwordMatches()) {
      numeric(Numeric.ERR_PASSWDMISMATCH, "Password incorrect");
      closeWith("Bad Password");
      return;
    }
    String folded = CaseMapping.fold(nick);
    UserInfo candidate =
        new UserInfo(
            nick, userName, host, realName, null, serverName, Instant.now().getEpochSecond(), me);
    backend.nicks().tell(new NickCommand.Claim(folded, candidate, claimAdapter));
    await(
        claimOf(folded),
        r -> {
          if (r instanceof NickCommand.Granted) {
            welcome(candidate);
          } else {
            numeric(Numeric.ERR_NICKNAMEINUSE, candidate.nick(), "Nickname is already in use");
            nick = null;
          }
        },
        () -> {
          backend.nicks().tell(new NickCommand.Release(folded, me));
          notice("The nick registry did not answer; send NICK again");
          nick = null;
        });
  }

  private boolean passwordMatches() {
    if (pass == null) return false;
    return MessageDigest.isEqual(
        pass.getBytes(StandardCharsets.UTF_8),
        settings.password().getBytes(StandardCharsets.UTF_8));
  }

  private void welcome(UserInfo registered) {
    user = registered;
    phase = Phase.REGISTERED;
    lastMessageAt = registered.signonEpochSeconds();
    timers.cancel(Tick.REGISTRATION_DEADLINE);
    getContext()
        .getLog()
        .info("Client from {} registered as {}", SocketAddresses.format(remote), user.prefix());
    numeric(Numeric.RPL_WELCOME, "Welcome to the Internet Relay Network " + user.prefix());
    numeric(
        Numeric.RPL_YOURHOST, "Your host is " + serverName + ", running version " + info.version());
    numeric(
        Numeric.RPL_CREATED,
        "This server was created " + HTTP_DATE.format(info.started().atZone(ZoneOffset.UTC)));
    numericRaw(
        Numeric.RPL_MYINFO,
        serverName,
        info.version(),
        USER_MODES,
        CHANNEL_MODES,
        CHANNEL_MODES_WITH_PARAM);
    numeric(
        Numeric.RPL_ISUPPORT,
        "CHANTYPES=#&",
        "PREFIX=(ov)@+",
        "CHANMODES=b,k,l,imnst",
        "CASEMAPPING=" + CaseMapping.NAME,
        "NICKLEN=" + settings.nickLength(),
        "CHANNELLEN=" + settings.channelLength(),
        "TOPICLEN=" + settings.topicLength(),
        "CHANLIMIT=#&:" + settings.maxChannelsPerUser(),
        "MAXTARGETS=" + settings.maxTargets(),
        "MODES=" + ChannelActor.MAX_MODE_CHANGES,
        "MAXLIST=b:" + ChannelActor.MAX_BANS,
        "NETWORK=" + settings.networkName(),
        "are supported by this server");
    lusers(this::motd);
  }

  private void lusers(Runnable then) {
    backend.counts(countsAdapter);
    await(
        r -> r instanceof ChannelCommand.NetworkCounts,
        r -> {
          ChannelCommand.NetworkCounts c = (ChannelCommand.NetworkCounts) r;
          numeric(
              Numeric.RPL_LUSERCLIENT,
              "There are "
                  + (c.users() - c.invisible())
                  + " users and "
                  + c.invisible()
                  + " invisible on "
                  + c.servers()
                  + " servers");
          numeric(Numeric.RPL_LUSERCHANNELS, String.valueOf(c.channels()), "channels formed");
          numeric(
              Numeric.RPL_LUSERME,
              "I have " + c.localUsers() + " clients and " + (c.servers() - 1) + " servers");
          then.run();
        },
        then);
  }

  private void motd() {
    if (info.motd().isEmpty()) {
      numeric(Numeric.ERR_NOMOTD, "MOTD File is missing");
      return;
    }
    numeric(Numeric.RPL_MOTDSTART, "- " + serverName + " Message of the day - ");
    for (String line : info.motd()) numeric(Numeric.RPL_MOTD, "- " + line);
    numeric(Numeric.RPL_ENDOFMOTD, "End of /MOTD command.");
  }

  private void cap(IrcMessage m) {
    String sub = m.param(0);
    if (sub == null) {
      needMoreParams("CAP");
      return;
    }
    switch (sub.toUpperCase(Locale.ROOT)) {
      case "LS" -> {
        if (phase == Phase.REGISTERING) capNegotiating = true;
        writeServer("CAP", target(), "LS", "");
      }
      case "LIST" -> writeServer("CAP", target(), "LIST", "");
      case "REQ" -> {
        if (phase == Phase.REGISTERING) capNegotiating = true;
        writeServer("CAP", target(), "NAK", m.param(1) == null ? "" : m.param(1));
      }
      case "END" -> {
        capNegotiating = false;
        tryRegister();
      }
      default -> numeric(Numeric.ERR_INVALIDCAPCMD, token(sub), "Invalid CAP command");
    }
  }

  private void ping(IrcMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      numeric(Numeric.ERR_NOORIGIN, "No origin specified");
      return;
    }
    writeServer("PONG", serverName, m.param(0));
  }

  private void quit(IrcMessage m) {
    String text = m.param(0);
    closeWith(text == null || text.isEmpty() ? "Client Quit" : "Quit: " + text);
  }

  // ---- channels: JOIN, PART, TOPIC, NAMES, LIST, MODE, KICK, INVITE -----------------------

  private void join(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("JOIN");
      return;
    }
    if (m.param(0).equals("0")) {
      partEach(new ArrayList<>(channels.keySet()), null, 0);
      return;
    }
    List<String> keys = m.params().size() > 1 ? split(m.param(1)) : List.of();
    joinEach(split(m.param(0)), keys, 0);
  }

  private void joinEach(List<String> names, List<String> keys, int from) {
    for (int i = from; i < names.size(); i++) {
      String name = names.get(i);
      if (!validChannel(name)) continue;
      String folded = CaseMapping.fold(name);
      if (channels.containsKey(folded)) continue;
      if (channels.size() >= settings.maxChannelsPerUser()) {
        numeric(Numeric.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
        continue;
      }
      String key = i < keys.size() && !keys.get(i).isEmpty() ? keys.get(i) : null;
      int next = i + 1;
      backend
          .channel(folded)
          .tell(new ChannelCommand.Join(folded, name, user, key, channelAdapter));
      await(
          channelReply(folded),
          r -> {
            onJoinReply(folded, (Reply) r);
            joinEach(names, keys, next);
          },
          () -> joinEach(names, keys, next));
      return;
    }
  }

  private void onJoinReply(String folded, Reply r) {
    if (r instanceof Refused refused) {
      refusal(refused);
      return;
    }
    if (!(r instanceof Joined j)) return; // Done: already a member
    boolean op = false;
    boolean voice = false;
    for (Member member : j.members()) {
      if (member.user().session().equals(me)) {
        op = member.operator();
        voice = member.voiced();
      }
    }
    channels.put(folded, new Membership(j.channel(), op, voice));
    if (j.topic() != null) {
      numeric(Numeric.RPL_TOPIC, j.channel(), j.topic());
      numericRaw(
          Numeric.RPL_TOPICWHOTIME, j.channel(), j.topicSetBy(), String.valueOf(j.topicSetAt()));
    }
    namesReply(j.channel(), j.members(), j.secret());
  }

  private void namesReply(String channel, List<Member> members, boolean secret) {
    String symbol = secret ? "@" : "=";
    int base =
        (":" + serverName + " 353 " + target() + " " + symbol + " " + channel + " :").length();
    StringJoiner names = new StringJoiner(" ");
    for (Member member : members) {
      String item = (member.operator() ? "@" : member.voiced() ? "+" : "") + member.user().nick();
      if (names.length() > 0 && base + names.length() + 1 + item.length() > MAX_LINE_BYTES - 2) {
        numeric(Numeric.RPL_NAMREPLY, symbol, channel, names.toString());
        names = new StringJoiner(" ");
      }
      names.add(item);
    }
    if (names.length() > 0) numeric(Numeric.RPL_NAMREPLY, symbol, channel, names.toString());
    numeric(Numeric.RPL_ENDOFNAMES, channel, "End of /NAMES list");
  }

  private void part(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("PART");
      return;
    }
    partEach(split(m.param(0)), m.param(1), 0);
  }

  private void partEach(List<String> names, String reason, int from) {
    for (int i = from; i < names.size(); i++) {
      String name = names.get(i);
      if (!validChannel(name)) continue;
      String folded = CaseMapping.fold(name);
      int next = i + 1;
      backend.channel(folded).tell(new ChannelCommand.Part(folded, user, reason, channelAdapter));
      await(
          channelReply(folded),
          r -> {
            if (r instanceof Refused refused) refusal(refused);
            else channels.remove(folded);
            partEach(names, reason, next);
          },
          () -> partEach(names, reason, next));
      return;
    }
  }

  private void topic(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("TOPIC");
      return;
    }
    String name = m.param(0);
    if (!validChannel(name)) return;
    String folded = CaseMapping.fold(name);
    String text = m.params().size() > 1 ? cut(m.param(1), settings.topicLength()) : null;
    backend.channel(folded).tell(new ChannelCommand.Topic(folded, user, text, channelAdapter));
    await(
        channelReply(folded),
        r -> {
          if (r instanceof Refused refused) {
            refusal(refused);
          } else if (r instanceof TopicIs t) {
            if (t.topic() == null) {
              numeric(Numeric.RPL_NOTOPIC, t.channel(), "No topic is set");
            } else {
              numeric(Numeric.RPL_TOPIC, t.channel(), t.topic());
              numericRaw(
                  Numeric.RPL_TOPICWHOTIME, t.channel(), t.setBy(), String.valueOf(t.setAt()));
            }
          }
        },
        () -> {});
  }

  private void names(IrcMessage m) {
    List<String> targets =
        m.params().isEmpty() ? new ArrayList<>(channels.keySet()) : split(m.param(0));
    if (targets.isEmpty()) {
      numeric(Numeric.RPL_ENDOFNAMES, "*", "End of /NAMES list");
      return;
    }
    namesEach(targets, 0);
  }

  private void namesEach(List<String> targets, int from) {
    for (int i = from; i < targets.size(); i++) {
      String name = targets.get(i);
      if (IrcRules.channelError(name, settings.channelLength()) != 0) {
        numeric(Numeric.RPL_ENDOFNAMES, token(name), "End of /NAMES list");
        continue;
      }
      String folded = CaseMapping.fold(name);
      int next = i + 1;
      backend.channel(folded).tell(new ChannelCommand.Members(folded, channelAdapter));
      await(
          channelReply(folded),
          r -> {
            if (r instanceof MembersAre ma && visible(ma, folded)) {
              namesReply(ma.channel(), ma.members(), ma.secret());
            } else {
              numeric(Numeric.RPL_ENDOFNAMES, name, "End of /NAMES list");
            }
            namesEach(targets, next);
          },
          () -> namesEach(targets, next));
      return;
    }
  }

  private boolean visible(MembersAre ma, String folded) {
    return !ma.members().isEmpty() && (!ma.secret() || channels.containsKey(folded));
  }

  private void list(IrcMessage m) {
    Set<String> filter = null;
    if (!m.params().isEmpty() && !m.param(0).isEmpty()) {
      filter = new HashSet<>();
      for (String name : split(m.param(0))) filter.add(CaseMapping.fold(name));
    }
    Set<String> only = filter;
    backend.listChannels(listAdapter);
    await(
        r -> r instanceof ChannelCommand.ChannelList,
        r -> {
          numeric(Numeric.RPL_LISTSTART, "Channel", "Users  Name");
          for (ChannelCommand.ChannelSummary s : ((ChannelCommand.ChannelList) r).channels()) {
            if (only == null || only.contains(CaseMapping.fold(s.channel()))) {
              numeric(Numeric.RPL_LIST, s.channel(), String.valueOf(s.users()), s.topic());
            }
          }
          numeric(Numeric.RPL_LISTEND, "End of /LIST");
        },
        () -> {
          numeric(Numeric.RPL_LISTSTART, "Channel", "Users  Name");
          numeric(Numeric.RPL_LISTEND, "End of /LIST");
        });
  }

  private void mode(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("MODE");
      return;
    }
    String target = m.param(0);
    if (!IrcRules.isChannelName(target)) {
      userMode(m);
      return;
    }
    if (!validChannel(target)) return;
    String folded = CaseMapping.fold(target);
    List<String> changes = m.params().subList(1, m.params().size());
    backend.channel(folded).tell(new ChannelCommand.Mode(folded, user, changes, channelAdapter));
    await(
        channelReply(folded),
        r -> {
          if (r instanceof Refused refused) {
            refusal(refused);
          } else if (r instanceof ModesAre ma) {
            List<String> params = new ArrayList<>();
            params.add(ma.channel());
            params.add(ma.modes());
            params.addAll(ma.modeParams());
            numericRaw(Numeric.RPL_CHANNELMODEIS, params.toArray(String[]::new));
            numericRaw(Numeric.RPL_CREATIONTIME, ma.channel(), String.valueOf(ma.createdAt()));
          } else if (r instanceof BansAre bans) {
            for (String mask : bans.masks()) numericRaw(Numeric.RPL_BANLIST, bans.channel(), mask);
            numeric(Numeric.RPL_ENDOFBANLIST, bans.channel(), "End of channel ban list");
          }
        },
        () -> {});
  }

  private void userMode(IrcMessage m) {
    if (!CaseMapping.equals(m.param(0), user.nick())) {
      numeric(Numeric.ERR_USERSDONTMATCH, "Cant change mode for other users");
      return;
    }
    if (m.params().size() < 2) {
      numericRaw(Numeric.RPL_UMODEIS, "+" + userModes);
      return;
    }
    String changes = m.param(1);
    char sign = '+';
    char appliedSign = 0;
    StringBuilder applied = new StringBuilder();
    boolean unknown = false;
    for (char c : changes.toCharArray()) {
      if (c == '+' || c == '-') {
        sign = c;
        continue;
      }
      if (c == 'i' || c == 'w') {
        boolean on = userModes.indexOf(String.valueOf(c)) >= 0;
        if (on == (sign == '+')) continue;
        if (sign == '+') userModes.append(c);
        else userModes.deleteCharAt(userModes.indexOf(String.valueOf(c)));
        if (appliedSign != sign) {
          applied.append(sign);
          appliedSign = sign;
        }
        applied.append(c);
      } else if (c != 'o') { // +o is for operators (none here), -o changes nothing
        unknown = true;
      }
    }
    if (unknown) numeric(Numeric.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
    if (applied.length() > 0) {
      write(
          new IrcMessage(user.prefix(), "MODE", List.of(user.nick(), applied.toString()))
              .formatWithTrailing());
    }
  }

  /**
   * KICK: one channel and several nicks ({@code KICK #a bob,carol}), or pairs of channels and nicks
   * ({@code KICK #a,#b bob,carol}, RFC 2812).
   */
  private void kick(IrcMessage m) {
    if (m.params().size() < 2) {
      needMoreParams("KICK");
      return;
    }
    List<String> names = split(m.param(0));
    List<String> targets = split(m.param(1));
    if (names.isEmpty()
        || targets.isEmpty()
        || (names.size() > 1 && names.size() != targets.size())) {
      needMoreParams("KICK");
      return;
    }
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      pairs.add(new String[] {names.get(names.size() == 1 ? 0 : i), targets.get(i)});
    }
    kickEach(pairs, m.param(2), 0);
  }

  private void kickEach(List<String[]> pairs, String reason, int from) {
    for (int i = from; i < pairs.size(); i++) {
      String name = pairs.get(i)[0];
      String target = pairs.get(i)[1];
      if (i >= settings.maxTargets()) {
        numeric(Numeric.ERR_TOOMANYTARGETS, token(target), tooMany());
        continue;
      }
      if (!validChannel(name)) continue;
      String folded = CaseMapping.fold(name);
      int next = i + 1;
      backend
          .channel(folded)
          .tell(
              new ChannelCommand.Kick(
                  folded, user, CaseMapping.fold(target), reason, channelAdapter));
      await(
          channelReply(folded),
          r -> {
            if (r instanceof Refused refused) refusal(refused);
            kickEach(pairs, reason, next);
          },
          () -> kickEach(pairs, reason, next));
      return;
    }
  }

  private void invite(IrcMessage m) {
    if (m.params().size() < 2) {
      needMoreParams("INVITE");
      return;
    }
    String target = m.param(0);
    String name = m.param(1);
    if (!validChannel(name)) return;
    String folded = CaseMapping.fold(name);
    String targetFolded = CaseMapping.fold(target);
    backend.nicks().tell(new NickCommand.Lookup(targetFolded, foundAdapter));
    await(
        found(targetFolded),
        r -> {
          UserInfo invited = ((NickCommand.Found) r).user();
          if (invited == null) {
            numeric(Numeric.ERR_NOSUCHNICK, token(target), "No such nick/channel");
            return;
          }
          backend
              .channel(folded)
              .tell(new ChannelCommand.Invite(folded, user, invited, channelAdapter));
          await(
              channelReply(folded),
              r2 -> {
                if (r2 instanceof Refused refused) {
                  refusal(refused);
                } else if (r2 instanceof Done done) {
                  numericRaw(Numeric.RPL_INVITING, invited.nick(), done.channel());
                  if (invited.away() != null) {
                    numeric(Numeric.RPL_AWAY, invited.nick(), invited.away());
                  }
                }
              },
              () -> {});
        },
        () -> {});
  }

  private boolean validChannel(String name) {
    int error = IrcRules.channelError(name, settings.channelLength());
    if (error == Numeric.ERR_NOSUCHCHANNEL) {
      numeric(error, token(name), "No such channel");
      return false;
    }
    if (error == Numeric.ERR_BADCHANMASK) {
      numeric(error, token(name), "Bad Channel Mask");
      return false;
    }
    return true;
  }

  // ---- messages ------------------------------------------------------------------------------

  private void message(IrcMessage m) {
    String command = m.command();
    boolean notice = command.equals("NOTICE");
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      if (!notice) numeric(Numeric.ERR_NORECIPIENT, "No recipient given (" + command + ")");
      return;
    }
    if (m.params().size() < 2 || m.param(1).isEmpty()) {
      if (!notice) numeric(Numeric.ERR_NOTEXTTOSEND, "No text to send");
      return;
    }
    lastMessageAt = Instant.now().getEpochSecond();
    List<String> targets = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String t : split(m.param(0))) {
      if (seen.add(CaseMapping.fold(t))) targets.add(t);
    }
    messageEach(command, notice, targets, m.param(1), 0);
  }

  private void messageEach(
      String command, boolean notice, List<String> targets, String text, int from) {
    for (int i = from; i < targets.size(); i++) {
      String target = targets.get(i);
      if (i >= settings.maxTargets()) {
        if (!notice) numeric(Numeric.ERR_TOOMANYTARGETS, token(target), tooMany());
        continue;
      }
      String folded = CaseMapping.fold(target);
      if (IrcRules.isChannelName(target)) {
        if (IrcRules.channelError(target, settings.channelLength()) != 0) {
          if (!notice) numeric(Numeric.ERR_NOSUCHNICK, token(target), "No such nick/channel");
          continue;
        }
        backend
            .channel(folded)
            .tell(
                new ChannelCommand.Message(
                    folded, user, command, text, notice ? null : channelAdapter));
        continue;
      }
      int next = i + 1;
      backend.nicks().tell(new NickCommand.Lookup(folded, foundAdapter));
      await(
          found(folded),
          r -> {
            UserInfo to = ((NickCommand.Found) r).user();
            if (to == null) {
              if (!notice) numeric(Numeric.ERR_NOSUCHNICK, token(target), "No such nick/channel");
            } else {
              to.session()
                  .tell(
                      new SessionEvent.Deliver(
                          new IrcMessage(user.prefix(), command, List.of(to.nick(), text))
                              .formatWithTrailing(),
                          null));
              if (!notice && to.away() != null) {
                numeric(Numeric.RPL_AWAY, to.nick(), to.away());
              }
            }
            messageEach(command, notice, targets, text, next);
          },
          () -> messageEach(command, notice, targets, text, next));
      return;
    }
  }

  private String tooMany() {
    return "Too many recipients. Only " + settings.maxTargets() + " processed";
  }

  // ---- users: NICK, WHO, WHOIS, AWAY, ISON, USERHOST -------------------------------------

  private void nickChange(IrcMessage m) {
    String n = m.param(0);
    if (!validNick(n) || n.equals(user.nick())) return;
    String newFolded = CaseMapping.fold(n);
    String oldFolded = CaseMapping.fold(user.nick());
    if (newFolded.equals(oldFolded)) {
      applyNick(n);
      backend.nicks().tell(new NickCommand.Update(newFolded, user));
      return;
    }
    backend.nicks().tell(new NickCommand.Claim(newFolded, user.withNick(n), claimAdapter));
    await(
        claimOf(newFolded),
        r -> {
          if (r instanceof NickCommand.Granted) {
            backend.nicks().tell(new NickCommand.Release(oldFolded, me));
            applyNick(n);
          } else {
            numeric(Numeric.ERR_NICKNAMEINUSE, n, "Nickname is already in use");
          }
        },
        () -> backend.nicks().tell(new NickCommand.Release(newFolded, me)));
  }

  private void applyNick(String n) {
    UserInfo before = user;
    user = user.withNick(n);
    String key = "nick:" + selfPath + ":" + (++nickChanges);
    for (String folded : channels.keySet()) {
      backend.channel(folded).tell(new ChannelCommand.NickChanged(folded, before, user, key));
    }
    write(new IrcMessage(before.prefix(), "NICK", List.of(n)).formatWithTrailing());
  }

  private void who(IrcMessage m) {
    String mask = m.param(0);
    if (mask == null || mask.isEmpty() || mask.equals("*") || mask.equals("0")) {
      numeric(Numeric.RPL_ENDOFWHO, "*", "End of /WHO list");
      return;
    }
    String folded = CaseMapping.fold(mask);
    if (IrcRules.isChannelName(mask)) {
      if (IrcRules.channelError(mask, settings.channelLength()) != 0) {
        numeric(Numeric.RPL_ENDOFWHO, token(mask), "End of /WHO list");
        return;
      }
      backend.channel(folded).tell(new ChannelCommand.Members(folded, channelAdapter));
      await(
          channelReply(folded),
          r -> {
            if (r instanceof MembersAre ma && visible(ma, folded)) {
              for (Member member : ma.members()) {
                whoReply(
                    ma.channel(),
                    member.user(),
                    member.operator() ? "@" : member.voiced() ? "+" : "");
              }
            }
            numeric(Numeric.RPL_ENDOFWHO, mask, "End of /WHO list");
          },
          () -> numeric(Numeric.RPL_ENDOFWHO, mask, "End of /WHO list"));
      return;
    }
    backend.nicks().tell(new NickCommand.Lookup(folded, foundAdapter));
    await(
        found(folded),
        r -> {
          UserInfo u = ((NickCommand.Found) r).user();
          if (u != null) whoReply("*", u, "");
          numeric(Numeric.RPL_ENDOFWHO, token(mask), "End of /WHO list");
        },
        () -> numeric(Numeric.RPL_ENDOFWHO, token(mask), "End of /WHO list"));
  }

  private void whoReply(String channel, UserInfo u, String status) {
    numeric(
        Numeric.RPL_WHOREPLY,
        channel,
        u.user(),
        u.host(),
        u.server(),
        u.nick(),
        (u.away() != null ? "G" : "H") + status,
        "0 " + u.realName());
  }

  private void whois(IrcMessage m) {
    if (m.params().isEmpty() || m.params().get(m.params().size() - 1).isEmpty()) {
      numeric(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    List<String> targets = split(m.param(m.params().size() >= 2 ? 1 : 0));
    whoisEach(targets, 0);
  }

  private void whoisEach(List<String> targets, int from) {
    for (int i = from; i < targets.size(); i++) {
      String target = targets.get(i);
      if (i >= settings.maxTargets()) {
        numeric(Numeric.ERR_TOOMANYTARGETS, token(target), tooMany());
        continue;
      }
      String folded = CaseMapping.fold(target);
      int next = i + 1;
      backend.nicks().tell(new NickCommand.Lookup(folded, foundAdapter));
      await(
          found(folded),
          r -> {
            UserInfo u = ((NickCommand.Found) r).user();
            if (u == null) {
              numeric(Numeric.ERR_NOSUCHNICK, token(target), "No such nick/channel");
              numeric(Numeric.RPL_ENDOFWHOIS, token(target), "End of /WHOIS list");
              whoisEach(targets, next);
              return;
            }
            u.session().tell(new SessionEvent.WhoisQuery(whoisAdapter));
            await(
                r2 ->
                    r2 instanceof SessionEvent.WhoisInfo w
                        && w.user().session().equals(u.session()),
                r2 -> {
                  SessionEvent.WhoisInfo w = (SessionEvent.WhoisInfo) r2;
                  whoisReply(w.user(), w.channels(), w.idleSeconds());
                  whoisEach(targets, next);
                },
                () -> {
                  whoisReply(u, List.of(), -1);
                  whoisEach(targets, next);
                });
          },
          () -> whoisEach(targets, next));
      return;
    }
  }

  private void whoisReply(UserInfo u, List<String> channelNames, long idleSeconds) {
    numeric(Numeric.RPL_WHOISUSER, u.nick(), u.user(), u.host(), "*", u.realName());
    if (!channelNames.isEmpty()) {
      numeric(Numeric.RPL_WHOISCHANNELS, u.nick(), String.join(" ", channelNames));
    }
    numeric(Numeric.RPL_WHOISSERVER, u.nick(), u.server(), settings.networkName() + " IRC server");
    if (u.away() != null) numeric(Numeric.RPL_AWAY, u.nick(), u.away());
    if (idleSeconds >= 0) {
      numeric(
          Numeric.RPL_WHOISIDLE,
          u.nick(),
          String.valueOf(idleSeconds),
          String.valueOf(u.signonEpochSeconds()),
          "seconds idle, signon time");
    }
    numeric(Numeric.RPL_ENDOFWHOIS, u.nick(), "End of /WHOIS list");
  }

  private void away(IrcMessage m) {
    String text = m.param(0);
    UserInfo before = user;
    if (text == null || text.isEmpty()) {
      user = user.withAway(null);
      numeric(Numeric.RPL_UNAWAY, "You are no longer marked as being away");
    } else {
      user = user.withAway(cut(text, settings.topicLength()));
      numeric(Numeric.RPL_NOWAWAY, "You have been marked as being away");
    }
    backend.nicks().tell(new NickCommand.Update(CaseMapping.fold(user.nick()), user));
    for (String folded : channels.keySet()) {
      // the same nick: the channels update the member silently (ChannelActor's contract)
      backend.channel(folded).tell(new ChannelCommand.NickChanged(folded, before, user, null));
    }
  }

  private void ison(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("ISON");
      return;
    }
    List<String> nicks = new ArrayList<>();
    for (String p : m.params()) {
      for (String n : p.split(" ")) if (!n.isEmpty()) nicks.add(n);
    }
    lookupEach(
        nicks,
        0,
        new ArrayList<>(),
        online -> {
          StringJoiner j = new StringJoiner(" ");
          for (UserInfo u : online) j.add(u.nick());
          numeric(Numeric.RPL_ISON, j.toString());
        });
  }

  private void userhost(IrcMessage m) {
    if (m.params().isEmpty()) {
      needMoreParams("USERHOST");
      return;
    }
    List<String> nicks = m.params().subList(0, Math.min(5, m.params().size()));
    lookupEach(
        nicks,
        0,
        new ArrayList<>(),
        online -> {
          StringJoiner j = new StringJoiner(" ");
          for (UserInfo u : online) {
            j.add(u.nick() + "=" + (u.away() != null ? "-" : "+") + u.user() + "@" + u.host());
          }
          numeric(Numeric.RPL_USERHOST, j.toString());
        });
  }

  /** Looks the nicks up one after the other and passes the users found to {@code then}. */
  private void lookupEach(
      List<String> nicks, int i, List<UserInfo> online, Consumer<List<UserInfo>> then) {
    if (i >= nicks.size()) {
      then.accept(online);
      return;
    }
    String folded = CaseMapping.fold(nicks.get(i));
    backend.nicks().tell(new NickCommand.Lookup(folded, foundAdapter));
    await(
        found(folded),
        r -> {
          UserInfo u = ((NickCommand.Found) r).user();
          if (u != null) online.add(u);
          lookupEach(nicks, i + 1, online, then);
        },
        () -> lookupEach(nicks, i + 1, online, then));
  }

  // ---- session events ------------------------------------------------------------------------

  private Behavior<Object> onDeliver(SessionEvent.Deliver d) {
    if (phase != Phase.REGISTERED) return next();
    if (d.dedupeKey() != null && !remember(d.dedupeKey())) return next();
    trackOwnModes(d.line());
    write(d.line());
    return next();
  }

  /** True the first time a key is seen; remembers the last {@value #DEDUPE_MEMORY} keys. */
  private boolean remember(String key) {
    if (!dedupe.add(key)) return false;
    if (dedupe.size() > DEDUPE_MEMORY) {
      Iterator<String> oldest = dedupe.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** Follows +o/+v changes of the user in its channels' MODE lines (for WHOIS). */
  private void trackOwnModes(String line) {
    if (!line.contains(" MODE ")) return;
    IrcMessage m = IrcMessage.parse(line);
    if (m == null || !m.command().equals("MODE") || m.params().size() < 2) return;
    Membership ms = channels.get(CaseMapping.fold(m.param(0)));
    if (ms == null) return;
    int arg = 2;
    char sign = '+';
    for (char c : m.param(1).toCharArray()) {
      if (c == '+' || c == '-') {
        sign = c;
      } else if (c == 'o' || c == 'v' || c == 'b' || c == 'k' || (c == 'l' && sign == '+')) {
        String a = m.param(arg++);
        if (a != null && (c == 'o' || c == 'v') && CaseMapping.equals(a, user.nick())) {
          if (c == 'o') ms.op = sign == '+';
          else ms.voice = sign == '+';
        }
      }
    }
  }

  private Behavior<Object> onLeftChannel(SessionEvent.LeftChannel m) {
    channels.remove(m.channel());
    return next();
  }

  private Behavior<Object> onWhoisQuery(SessionEvent.WhoisQuery q) {
    if (user == null || phase != Phase.REGISTERED) return next();
    List<String> names = new ArrayList<>();
    for (Membership ms : channels.values()) {
      names.add((ms.op ? "@" : ms.voice ? "+" : "") + ms.display);
    }
    long idle = Math.max(0, Instant.now().getEpochSecond() - lastMessageAt);
    q.replyTo().tell(new SessionEvent.WhoisInfo(user, names, idle));
    return next();
  }

  private Behavior<Object> onServerShutdown(ServerShutdown m) {
    closeWith(m.reason());
    return next();
  }

  // ---- timers --------------------------------------------------------------------------------

  private Behavior<Object> onTick(Tick t) {
    switch (t) {
      case FLUSH -> flush();
      case RESUME -> drain();
      case IDLE_CHECK -> idleCheck();
      case PONG_DEADLINE -> {
        if (awaitingPong) {
          long idle = (System.nanoTime() - lastActivity + 999_999_999L) / 1_000_000_000L;
          closeWith("Ping timeout: " + idle + " seconds");
        }
      }
      case REGISTRATION_DEADLINE -> {
        if (phase == Phase.REGISTERING) closeWith("Registration timed out");
      }
      case LINGER -> closeSocket();
      case SOCKET_TERMINATED -> {
        leaveNetwork("Connection closed");
        stopped = true;
      }
      default -> {}
    }
    return next();
  }

  private void idleCheck() {
    if (phase == Phase.CLOSING) return;
    long interval = settings.pingInterval().toNanos();
    long idle = System.nanoTime() - lastActivity;
    if (idle < interval) {
      timers.startSingleTimer(Tick.IDLE_CHECK, Duration.ofNanos(interval - idle));
      return;
    }
    if (!awaitingPong) {
      writeServer("PING", serverName);
      awaitingPong = true;
      timers.startSingleTimer(Tick.PONG_DEADLINE, settings.pingTimeout());
    }
    timers.startSingleTimer(Tick.IDLE_CHECK, settings.pingInterval());
  }

  // ---- output --------------------------------------------------------------------------------

  private String target() {
    return user != null ? user.nick() : "*";
  }

  /** A numeric to the client; the last parameter is written as trailing text. */
  private void numeric(int code, String... params) {
    write(numericMessage(code, params).formatWithTrailing());
  }

  /** A numeric to the client; the last parameter gets a colon only where the grammar needs it. */
  private void numericRaw(int code, String... params) {
    write(numericMessage(code, params).format());
  }

  private IrcMessage numericMessage(int code, String... params) {
    List<String> all = new ArrayList<>(params.length + 1);
    all.add(target());
    all.addAll(Arrays.asList(params));
    return new IrcMessage(serverName, Numeric.code(code), all);
  }

  private void needMoreParams(String command) {
    numeric(Numeric.ERR_NEEDMOREPARAMS, command, "Not enough parameters");
  }

  private void notice(String text) {
    writeServer("NOTICE", target(), text);
  }

  /** A server message with a trailing last parameter, e.g. {@code :server PONG server :token}. */
  private void writeServer(String command, String... params) {
    write(new IrcMessage(serverName, command, List.of(params)).formatWithTrailing());
  }

  private void refusal(Refused r) {
    List<String> extra = new ArrayList<>();
    for (String p : r.params()) extra.add(token(p));
    List<String> params = Numeric.refusalParams(r.numeric(), token(r.channel()), extra);
    params.add(r.text());
    numeric(r.numeric(), params.toArray(String[]::new));
  }

  private void write(String line) {
    writeLine(line, false);
  }

  /**
   * Queues a line (cut to 510 bytes on a character boundary) for the next {@link Send}; beyond the
   * send-queue bound the client is dropped, unless {@code force} (the closing ERROR line).
   */
  private void writeLine(String line, boolean force) {
    if (stopped || (phase == Phase.CLOSING && !force)) return;
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    int length = bytes.length;
    if (length > MAX_LINE_BYTES - 2) {
      length = MAX_LINE_BYTES - 2;
      while (length > 0 && (bytes[length] & 0xC0) == 0x80) length--;
    }
    if (!force && sendQueued + out.length() + length + 2 > settings.sendQueueLimit()) {
      sendQueueExceeded();
      return;
    }
    out.putBytes(bytes, 0, length);
    out.putByte((byte) '\r');
    out.putByte((byte) '\n');
    if (!flushScheduled) {
      flushScheduled = true;
      getContext().getSelf().tell(Tick.FLUSH);
    }
  }

  private void flush() {
    flushScheduled = false;
    if (out.length() == 0 || stopped || closeSent) return;
    ByteString data = out.result();
    out = ByteString.createBuilder();
    outstanding.add((long) data.size());
    sendQueued += data.size();
    socket.tell(new Send(data, WskFlags.NONE, sentAdapter));
  }

  private Behavior<Object> onSent(Sent m) {
    Long size = outstanding.poll();
    if (size != null) sendQueued -= size;
    SendCompleted s = m.reply();
    if (s.status().isSuccess() || phase == Phase.CLOSING) return next();
    if (s.status() == WskStatus.STATUS_INSUFFICIENT_RESOURCES) {
      sendQueueExceeded();
      return next();
    }
    return connectionLost("Write error");
  }

  private void sendQueueExceeded() {
    getContext()
        .getLog()
        .warn(
            "Client {} at {}: send queue over {} bytes, dropping it",
            user != null ? user.nick() : "*",
            SocketAddresses.format(remote),
            settings.sendQueueLimit());
    closeWith("SendQ exceeded");
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Quits the network, writes {@code ERROR :Closing Link}, and closes gracefully. */
  private void closeWith(String reason) {
    if (phase == Phase.CLOSING || stopped) return;
    leaveNetwork(reason);
    writeLine("ERROR :Closing Link: " + host + " (" + reason + ")", true);
    beginClose(reason);
  }

  /** Leaves every channel and frees the nick (once). */
  private void leaveNetwork(String reason) {
    if (left) return;
    left = true;
    if (user == null) return;
    for (String folded : channels.keySet()) {
      backend.channel(folded).tell(new ChannelCommand.Quit(folded, user, reason, quitKey));
    }
    channels.clear();
    backend.nicks().tell(new NickCommand.Release(CaseMapping.fold(user.nick()), me));
  }

  /** Sends what is queued, then FIN; the socket closes when the client's FIN came or later. */
  private void beginClose(String why) {
    getContext()
        .getLog()
        .info(
            "Connection from {}{} closing: {}",
            SocketAddresses.format(remote),
            user != null ? " (" + user.nick() + ")" : "",
            why);
    flush();
    phase = Phase.CLOSING;
    awaiting = null;
    held = null;
    for (Tick t :
        List.of(
            Tick.RESUME,
            Tick.IDLE_CHECK,
            Tick.PONG_DEADLINE,
            Tick.REGISTRATION_DEADLINE,
            Tick.AWAIT)) {
      timers.cancel(t);
    }
    // Give back the unprocessed input so the socket keeps reading up to the client's FIN.
    while (!input.isEmpty()) socket.tell(new Release(input.poll().indicationId));
    socket.tell(new Disconnect(null, WskFlags.NONE, disconnectedAdapter));
    timers.startSingleTimer(Tick.LINGER, settings.closeLinger());
  }

  private Behavior<Object> onDisconnected(Disconnected m) {
    disconnectDone = true;
    if (peerClosed || !m.reply().status().isSuccess()) closeSocket();
    return next();
  }

  /** A reset or a failed write: no goodbye, the socket is closed at once. */
  private Behavior<Object> connectionLost(String reason) {
    if (phase != Phase.CLOSING) {
      getContext()
          .getLog()
          .info("Connection from {} lost: {}", SocketAddresses.format(remote), reason);
    }
    leaveNetwork(reason);
    phase = Phase.CLOSING;
    closeSocket();
    return next();
  }

  private void closeSocket() {
    if (closeSent) return;
    closeSent = true;
    timers.cancel(Tick.LINGER);
    socket.tell(new CloseSocket(closedAdapter));
  }

  // ---- text helpers --------------------------------------------------------------------------

  /** Splits a comma-separated list, dropping empty items. */
  private static List<String> split(String list) {
    List<String> items = new ArrayList<>();
    for (String s : list.split(",")) if (!s.isEmpty()) items.add(s);
    return items;
  }

  /** A user-supplied word made safe as a middle parameter: no spaces, no leading colon. */
  private static String token(String s) {
    if (s == null) return "*";
    String t = s.replace(' ', '_');
    while (t.startsWith(":")) t = t.substring(1);
    return t.isEmpty() ? "*" : t;
  }

  private static String cut(String s, int maxChars) {
    if (s.codePointCount(0, s.length()) <= maxChars) return s;
    return s.substring(0, s.offsetByCodePoints(0, maxChars));
  }
}
