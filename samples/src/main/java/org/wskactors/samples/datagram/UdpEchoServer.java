package org.wskactors.samples.datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.samples.ServerBootstrap;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.ServerStartup.Listening;
import org.wskactors.samples.ServerStartup.StartFailed;
import org.wskactors.samples.SocketAddresses;

/**
 * The UDP echo service of RFC 862 on wsk-actors: every datagram goes back, unchanged, to the
 * address it came from.
 *
 * <p>On start the server registers a WSK client ({@link Register}, owned by this actor, so its
 * socket closes when it stops), creates a datagram socket of the bind address's family ({@link
 * CreateDatagramSocket}, naming itself as the socket's handler), turns {@link
 * SocketOption#IPV6_V6ONLY} off for an {@link AddressFamily#INET6} socket (so {@code [::]} serves
 * IPv4 and IPv6 peers on one socket), binds, and enables {@link WskEvent#RECEIVE_FROM}. Each step
 * waits for its completion; the first failure is logged at ERROR and reported as {@link
 * StartFailed}, then the server deregisters ({@link Deregister}, which closes the socket) and
 * stops. Once bound it logs {@code UDP echo server listening on ...} at INFO and reports {@link
 * Listening}.
 *
 * <p>Flow control: the socket sends the server a {@link ReceiveFromEvent} with one or more
 * datagrams. The server answers with {@link ReceiveEventResponse#retainedUntilSentTo}, carrying one
 * {@link SendTo} per datagram back to its sender: the socket sends them and releases the indication
 * when the last has completed, so the datagrams keep counting against the socket's receive window
 * until their echoes have left. So the echoes in flight are bounded by one receive window; beyond
 * it the socket stops reading and the kernel drops datagrams, as UDP does. One message per
 * indication, where a {@link SendTo} per datagram, a {@code retained()} reply and a {@code Release}
 * would be more. A failed {@link SendTo} is logged at WARN and counted; the server goes on. If the
 * socket fails ({@link SocketFailedEvent}) the server logs an error, deregisters and stops.
 */
public final class UdpEchoServer {

  /** The client name the server registers with. */
  public static final String CLIENT_NAME = "udp-echo-server";

  /** The messages of the server actor; all of them are internal replies and events. */
  public sealed interface Command {}

  /**
   * Subsystem, provider or datagram socket to server: a reply to a start or stop request of its
   * {@link ServerBootstrap} ({@link Registered}, {@link SocketCreated}, {@link OptionSet}, {@link
   * BindCompleted} or {@link Deregistered}).
   */
  private record WrappedStartReply(ServerBootstrap.Reply reply) implements Command {}

  /**
   * Datagram socket to server (its handler): a {@link ReceiveFromEvent} or {@link
   * SocketFailedEvent}.
   */
  private record WrappedSocketEvent(DatagramSocket.Event event) implements Command {}

  /** Datagram socket to server: the reply to an echoing {@link SendTo}. */
  private record WrappedSent(SendToCompleted reply) implements Command {}

  /** One echo in flight: its datagram's indication, destination, and whether it is its last. */
  private record Echo(InetSocketAddress to, int size) {}

  /**
   * A server bound to {@code [::]:port}, dual-stack.
   *
   * @param port the UDP port, 0 for any free port
   * @param startupListener receives one {@link ServerStartup}
   * @return the server's behaviour
   */
  public static Behavior<Command> create(int port, ActorRef<ServerStartup> startupListener) {
    return create(new InetSocketAddress(anyIpv6(), port), startupListener);
  }

  /**
   * A server bound to the given address: an IPv6 address (such as {@code ::}) gives a dual-stack
   * {@link AddressFamily#INET6} socket, an IPv4 address an IPv4-only {@link AddressFamily#INET}
   * socket.
   *
   * @param bindAddress the resolved local address; port 0 picks a free port
   * @param startupListener receives one {@link ServerStartup}
   * @return the server's behaviour
   * @throws IllegalArgumentException when {@code bindAddress} is unresolved
   */
  public static Behavior<Command> create(
      InetSocketAddress bindAddress, ActorRef<ServerStartup> startupListener) {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(startupListener, "startupListener");
    AddressFamily family = AddressFamily.of(bindAddress);
    if (family == null) {
      throw new IllegalArgumentException("bindAddress must be resolved: " + bindAddress);
    }
    return Behaviors.setup(ctx -> new UdpEchoServer(ctx, bindAddress, startupListener).register());
  }

  /** The IPv6 wildcard address {@code ::}. */
  static InetAddress anyIpv6() {
    try {
      return InetAddress.getByAddress(new byte[16]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for 16 bytes
    }
  }

  private final ActorContext<Command> ctx;
  private final ServerBootstrap<Command, DatagramSocket.Command> start;
  private final ActorRef<DatagramSocket.Event> socketEventAdapter;
  private final ActorRef<SendToCompleted> sentAdapter;

  /** The echoes sent and not yet completed, oldest first (sends complete in order). */
  private final ArrayDeque<Echo> inFlight = new ArrayDeque<>();

  private InetSocketAddress boundAddress;
  private boolean listening;
  private long datagramsEchoed;
  private long bytesEchoed;
  private long sendsFailed;

  private UdpEchoServer(
      ActorContext<Command> ctx,
      InetSocketAddress requested,
      ActorRef<ServerStartup> startupListener) {
    this.ctx = ctx;
    ctx.setLoggerName(UdpEchoServer.class); // also for what the bootstrap logs
    this.start =
        new ServerBootstrap<>(
            ctx,
            "UDP echo server",
            requested,
            startupListener,
            WrappedStartReply::new,
            this::phase,
            this::deregisterAndStop);
    this.socketEventAdapter =
        ctx.messageAdapter(DatagramSocket.Event.class, WrappedSocketEvent::new);
    this.sentAdapter = ctx.messageAdapter(SendToCompleted.class, WrappedSent::new);
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
    return Behaviors.receive(Command.class)
        .onMessage(WrappedSocketEvent.class, this::onSocketEvent)
        .onMessage(WrappedSent.class, this::onSent)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  /** A receive builder for a start phase: socket events may come as soon as the socket exists. */
  private BehaviorBuilder<Command> phase() {
    return Behaviors.receive(Command.class)
        .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
        .onMessage(WrappedSocketEvent.class, this::onSocketEvent)
        .onMessage(WrappedSent.class, this::onSent);
  }

  /** Ends the registration (closing the socket) and stops once it has ended. */
  private Behavior<Command> deregisterAndStop() {
    return start.deregisterAndStop(
        Behaviors.receive(Command.class)
            .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
            .onMessage(WrappedSocketEvent.class, this::onSocketEventWhileStopping)
            .onSignal(PostStop.class, s -> onPostStop()));
  }

  // ---- echoing -------------------------------------------------------------------------------

  private Behavior<Command> onSocketEvent(WrappedSocketEvent m) {
    if (m.event() instanceof ReceiveFromEvent e) {
      if (e.datagrams().isEmpty()) {
        e.replyTo().tell(ReceiveEventResponse.consumed());
        return Behaviors.same();
      }
      List<SendTo> echoes = new ArrayList<>(e.datagrams().size());
      for (DatagramIndication d : e.datagrams()) {
        echoes.add(new SendTo(d.data(), d.remoteAddress(), WskFlags.NONE, sentAdapter));
        inFlight.add(new Echo(d.remoteAddress(), d.data().size()));
      }
      e.replyTo().tell(ReceiveEventResponse.retainedUntilSentTo(echoes));
      return Behaviors.same();
    }
    SocketFailedEvent f = (SocketFailedEvent) m.event();
    if (!listening) return start.failed("datagram socket", f.status());
    ctx.getLog()
        .error(
            "UDP echo server socket on {} failed with {}, stopping",
            SocketAddresses.format(boundAddress),
            f.status());
    return deregisterAndStop();
  }

  private Behavior<Command> onSent(WrappedSent m) {
    Echo echo = inFlight.poll();
    if (echo == null) return Behaviors.same(); // cannot happen: one completion per SendTo
    SendToCompleted s = m.reply();
    if (s.status().isSuccess()) {
      datagramsEchoed++;
      bytesEchoed += s.bytesSent();
    } else {
      sendsFailed++;
      ctx.getLog()
          .warn(
              "Echo of {} bytes to {} failed with {}",
              echo.size(),
              SocketAddresses.format(echo.to()),
              s.status());
    }
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
            "UDP echo server on {} stopped after echoing {} datagrams ({} bytes, {} failed sends)",
            SocketAddresses.format(boundAddress),
            datagramsEchoed,
            bytesEchoed,
            sendsFailed);
    return Behaviors.same();
  }
}
