package org.wskactors.samples.datagram;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.samples.ServerBootstrap;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.ServerStartup.Listening;
import org.wskactors.samples.ServerStartup.StartFailed;
import org.wskactors.samples.SocketAddresses;

/**
 * A syslog receiver on UDP (RFC 5426 transport): it reads RFC 5424 and RFC 3164 messages with
 * {@link SyslogParser}, logs each one and hands it to an optional listener.
 *
 * <p>Start-up is that of {@link UdpEchoServer}: register a WSK client owned by this actor, create a
 * datagram socket with this actor as handler, turn {@link SocketOption#IPV6_V6ONLY} off for an
 * {@link AddressFamily#INET6} socket, bind, enable {@link WskEvent#RECEIVE_FROM}; the outcome goes
 * to the startup listener as {@link Listening} or {@link StartFailed} (after which the collector
 * deregisters and stops), and {@code Syslog collector listening on ...} is logged at INFO.
 *
 * <p>For each {@link ReceiveFromEvent} from the socket the collector parses every datagram, replies
 * {@link ReceiveEventResponse#consumed()} (parsing is done at once, nothing is kept), and then:
 *
 * <ul>
 *   <li>a message is logged through the SLF4J logger {@value #LOGGER_NAME} at the level of its
 *       severity ({@link #levelOf}) as {@link #logLine}, and sent to the listener, if any;
 *   <li>a datagram that is not a syslog message (no or bad PRI, truncated header, invalid UTF-8,
 *       ...) is logged at WARN by the collector with the reason and the escaped, capped text, and
 *       counted. Nothing stops the collector but a failed socket.
 * </ul>
 *
 * <p>{@link GetCounts} asks how many datagrams were parsed and how many were malformed. When the
 * socket fails ({@link SocketFailedEvent}) the collector logs an error, deregisters and stops.
 */
public final class SyslogCollector {

  /** The client name the collector registers with. */
  public static final String CLIENT_NAME = "syslog-collector";

  /** The name of the SLF4J logger that received messages are logged to. */
  public static final String LOGGER_NAME = "syslog";

  /** The messages of the collector actor: {@link GetCounts} and internal replies and events. */
  public sealed interface Command {}

  /**
   * Anyone to collector: reply with the {@link Counts} so far.
   *
   * @param replyTo receives the {@link Counts}
   */
  public record GetCounts(ActorRef<Counts> replyTo) implements Command {}

  /**
   * Collector to the sender of {@link GetCounts}: what it has received so far.
   *
   * @param parsed datagrams that were syslog messages (logged and sent to the listener)
   * @param malformed datagrams that were not
   */
  public record Counts(long parsed, long malformed) {}

  /**
   * Subsystem, provider or datagram socket to collector: a reply to a start or stop request of its
   * {@link ServerBootstrap} ({@link Registered}, {@link SocketCreated}, {@link OptionSet}, {@link
   * BindCompleted} or {@link Deregistered}).
   */
  private record WrappedStartReply(ServerBootstrap.Reply reply) implements Command {}

  /** Datagram socket to collector (its handler): a {@link ReceiveFromEvent} or failure. */
  private record WrappedSocketEvent(DatagramSocket.Event event) implements Command {}

  /**
   * A collector bound to {@code [::]:port}, dual-stack, without a listener.
   *
   * @param port the UDP port, 0 for any free port
   * @param startupListener receives one {@link ServerStartup}
   * @return the collector's behaviour
   */
  public static Behavior<Command> create(int port, ActorRef<ServerStartup> startupListener) {
    return create(new InetSocketAddress(UdpEchoServer.anyIpv6(), port), startupListener, null);
  }

  /**
   * A collector bound to the given address: an IPv6 address (such as {@code ::}) gives a dual-stack
   * {@link AddressFamily#INET6} socket, an IPv4 address an IPv4-only one.
   *
   * @param bindAddress the resolved local address; port 0 picks a free port
   * @param startupListener receives one {@link ServerStartup}
   * @param listener receives every parsed {@link SyslogMessage}, or null for none
   * @return the collector's behaviour
   * @throws IllegalArgumentException when {@code bindAddress} is unresolved
   */
  public static Behavior<Command> create(
      InetSocketAddress bindAddress,
      ActorRef<ServerStartup> startupListener,
      ActorRef<SyslogMessage> listener) {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(startupListener, "startupListener");
    AddressFamily family = AddressFamily.of(bindAddress);
    if (family == null) {
      throw new IllegalArgumentException("bindAddress must be resolved: " + bindAddress);
    }
    return Behaviors.setup(
        ctx -> new SyslogCollector(ctx, bindAddress, startupListener, listener).register());
  }

  /**
   * The SLF4J level a message is logged at: {@code emerg}, {@code alert}, {@code crit} and {@code
   * err} at ERROR, {@code warning} at WARN, {@code notice} and {@code info} at INFO, {@code debug}
   * at DEBUG.
   *
   * @param severity the syslog severity, 0 to 7
   * @return the level
   */
  public static Level levelOf(int severity) {
    if (severity <= 3) return Level.ERROR;
    if (severity == 4) return Level.WARN;
    if (severity <= 6) return Level.INFO;
    return Level.DEBUG;
  }

  /**
   * How a message is logged, on one line with control characters escaped: {@code
   * <facility>.<severity> from <sender> <format> time=<TIMESTAMP> host=<HOSTNAME> app=<APP-NAME>
   * procid=<PROCID> msgid=<MSGID> sd=<STRUCTURED-DATA>: <MSG>}, absent fields as {@code -}.
   *
   * @param m the message
   * @return the log line
   */
  public static String logLine(SyslogMessage m) {
    return m.facilityName()
        + "."
        + m.severityName()
        + " from "
        + (m.sender() == null ? "-" : SocketAddresses.format(m.sender()))
        + " "
        + m.format()
        + " time="
        + SyslogParser.escapeText(m.timestamp())
        + " host="
        + SyslogParser.escapeText(m.hostname())
        + " app="
        + SyslogParser.escapeText(m.appName())
        + " procid="
        + SyslogParser.escapeText(m.procId())
        + " msgid="
        + SyslogParser.escapeText(m.msgId())
        + " sd="
        + SyslogParser.escapeText(m.structuredData())
        + ": "
        + SyslogParser.escapeText(m.message());
  }

  private static final Logger SYSLOG = LoggerFactory.getLogger(LOGGER_NAME);

  private final ActorContext<Command> ctx;
  private final ActorRef<SyslogMessage> listener;
  private final ServerBootstrap<Command, DatagramSocket.Command> start;
  private final ActorRef<DatagramSocket.Event> socketEventAdapter;

  private InetSocketAddress boundAddress;
  private boolean listening;
  private long parsed;
  private long malformed;

  private SyslogCollector(
      ActorContext<Command> ctx,
      InetSocketAddress requested,
      ActorRef<ServerStartup> startupListener,
      ActorRef<SyslogMessage> listener) {
    this.ctx = ctx;
    ctx.setLoggerName(SyslogCollector.class); // also for what the bootstrap logs
    this.listener = listener;
    this.start =
        new ServerBootstrap<>(
            ctx,
            "Syslog collector",
            requested,
            startupListener,
            WrappedStartReply::new,
            this::phase,
            this::deregisterAndStop);
    this.socketEventAdapter =
        ctx.messageAdapter(DatagramSocket.Event.class, WrappedSocketEvent::new);
  }

  // ---- start: register, create, option, bind, enable receive-from events ----------------------

  private Behavior<Command> register() {
    return start.start(
        CLIENT_NAME,
        ServerBootstrap.datagramSocket(socketEventAdapter),
        WskEvent.RECEIVE_FROM,
        this::onListening);
  }

  private Behavior<Command> onListening(InetSocketAddress bound) {
    boundAddress = bound;
    listening = true;
    return phase().onSignal(PostStop.class, s -> onPostStop()).build();
  }

  /** A receive builder for every phase: events may come as soon as the socket exists. */
  private BehaviorBuilder<Command> phase() {
    return Behaviors.receive(Command.class)
        .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
        .onMessage(WrappedSocketEvent.class, this::onSocketEvent)
        .onMessage(GetCounts.class, this::onGetCounts);
  }

  /** Ends the registration (closing the socket) and stops once it has ended. */
  private Behavior<Command> deregisterAndStop() {
    return start.deregisterAndStop(
        Behaviors.receive(Command.class)
            .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
            .onMessage(WrappedSocketEvent.class, this::onSocketEventWhileStopping)
            .onMessage(GetCounts.class, this::onGetCounts)
            .onSignal(PostStop.class, s -> onPostStop()));
  }

  // ---- receiving -----------------------------------------------------------------------------

  private Behavior<Command> onSocketEvent(WrappedSocketEvent m) {
    if (m.event() instanceof ReceiveFromEvent e) {
      // Parsing is immediate and keeps nothing: give the bytes back to the window at once.
      e.replyTo().tell(ReceiveEventResponse.consumed());
      for (DatagramIndication d : e.datagrams()) collect(d);
      return Behaviors.same();
    }
    SocketFailedEvent f = (SocketFailedEvent) m.event();
    if (!listening) return start.failed("datagram socket", f.status());
    ctx.getLog()
        .error(
            "Syslog collector socket on {} failed with {}, stopping",
            SocketAddresses.format(boundAddress),
            f.status());
    return deregisterAndStop();
  }

  private void collect(DatagramIndication d) {
    SyslogParser.Result result = SyslogParser.parse(d.data().toArray(), d.remoteAddress());
    if (result instanceof SyslogParser.Parsed p) {
      parsed++;
      SyslogMessage message = p.message();
      SYSLOG.atLevel(levelOf(message.severity())).log("{}", logLine(message));
      if (listener != null) listener.tell(message);
    } else {
      SyslogParser.Malformed bad = (SyslogParser.Malformed) result;
      malformed++;
      ctx.getLog()
          .warn(
              "Malformed syslog datagram #{} from {} ({}, {} bytes): \"{}\"",
              malformed,
              SocketAddresses.format(d.remoteAddress()),
              bad.reason(),
              bad.size(),
              bad.raw());
    }
  }

  private Behavior<Command> onGetCounts(GetCounts m) {
    m.replyTo().tell(new Counts(parsed, malformed));
    return Behaviors.same();
  }

  private Behavior<Command> onSocketEventWhileStopping(WrappedSocketEvent m) {
    if (m.event() instanceof ReceiveFromEvent e) e.replyTo().tell(ReceiveEventResponse.consumed());
    return Behaviors.same();
  }

  private Behavior<Command> onPostStop() {
    if (!listening) return Behaviors.same(); // never started
    ctx.getLog()
        .info(
            "Syslog collector on {} stopped after {} messages and {} malformed datagrams",
            SocketAddresses.format(boundAddress),
            parsed,
            malformed);
    return Behaviors.same();
  }
}
