package org.wskactors.samples.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.runtime.WskSettings;
import org.wskactors.samples.ServerBootstrap;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.ServerStartup.Listening;
import org.wskactors.samples.ServerStartup.StartFailed;
import org.wskactors.samples.SocketAddresses;

/**
 * A TCP echo server on wsk-actors: the Java counterpart of the WSK sample {@code echosrv}.
 *
 * <p>On start the server registers a WSK client with the subsystem ({@link Register}, owned by this
 * actor, so its sockets close when it stops), creates a listening socket of the bind address's
 * family, turns {@link SocketOption#IPV6_V6ONLY} off for an {@link AddressFamily#INET6} socket (so
 * {@code [::]} serves IPv4 and IPv6 peers on one socket), binds, and enables {@link
 * WskEvent#ACCEPT}. Each step waits for its completion; the first failure is logged at ERROR and
 * reported as {@link StartFailed}, then the server deregisters ({@link Deregister}, which closes
 * the listening socket) and stops.
 *
 * <p>Once listening it logs {@code Echo server listening on ...} at INFO and reports {@link
 * Listening} with the bound address (the real port when bound to port 0). Every {@link AcceptEvent}
 * is handed to a new {@link EchoConnection} child (on {@code wsk-actors.socket-dispatcher}, next to
 * its socket: it never blocks), which accepts the connection with {@link WskEvent#RECEIVE} and
 * {@link WskEvent#DISCONNECT} enabled and echoes it. If the listening socket fails later, the
 * server logs an error, deregisters and stops.
 */
public final class EchoServer {

  /** The client name the server registers with. */
  public static final String CLIENT_NAME = "echo-server";

  /** The messages of the server actor; all of them are internal replies and events. */
  public sealed interface Command {}

  /**
   * Subsystem, provider or listening socket to server: a reply to a start or stop request of its
   * {@link ServerBootstrap} ({@link Registered}, {@link SocketCreated}, {@link OptionSet}, {@link
   * BindCompleted} or {@link Deregistered}).
   */
  private record WrappedStartReply(ServerBootstrap.Reply reply) implements Command {}

  /**
   * Listening socket to server (its handler): an {@link AcceptEvent} or {@link SocketFailedEvent}.
   */
  private record WrappedListenEvent(ListenSocket.Event event) implements Command {}

  /**
   * A server bound to {@code [::]:port}, dual-stack.
   *
   * @param port the TCP port, 0 for any free port
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
    return Behaviors.setup(ctx -> new EchoServer(ctx, bindAddress, startupListener).register());
  }

  private static InetAddress anyIpv6() {
    try {
      return InetAddress.getByAddress(new byte[16]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for 16 bytes
    }
  }

  private final ActorContext<Command> ctx;
  private final ServerBootstrap<Command, ListenSocket.Command> start;
  private final ActorRef<ListenSocket.Event> listenEventAdapter;
  private final Props connectionProps;

  private InetSocketAddress boundAddress;
  private boolean listening;
  private long connections;

  private EchoServer(
      ActorContext<Command> ctx,
      InetSocketAddress requested,
      ActorRef<ServerStartup> startupListener) {
    this.ctx = ctx;
    ctx.setLoggerName(EchoServer.class); // also for what the bootstrap logs
    this.start =
        new ServerBootstrap<>(
            ctx,
            "Echo server",
            requested,
            startupListener,
            WrappedStartReply::new,
            this::phase,
            this::deregisterAndStop);
    this.listenEventAdapter = ctx.messageAdapter(ListenSocket.Event.class, WrappedListenEvent::new);
    // #next-to-the-sockets
    // Connection handlers never block: they run on the sockets' dispatcher, next to their socket.
    this.connectionProps =
        DispatcherSelector.fromConfig(WskSettings.create(ctx.getSystem()).socketDispatcher());
    // #next-to-the-sockets
  }

  // ---- start: register, create, option, bind, enable accept events ----------------------------

  private Behavior<Command> register() {
    return start.start(
        CLIENT_NAME,
        ServerBootstrap.listenSocket(listenEventAdapter),
        WskEvent.ACCEPT,
        this::onListening);
  }

  private Behavior<Command> onListening(InetSocketAddress bound) {
    boundAddress = bound;
    listening = true;
    return Behaviors.receive(Command.class)
        .onMessage(WrappedListenEvent.class, this::onListenEvent)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  /** A receive builder for a start phase: listen events may come as soon as the socket exists. */
  private BehaviorBuilder<Command> phase() {
    return Behaviors.receive(Command.class)
        .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
        .onMessage(WrappedListenEvent.class, this::onListenEvent);
  }

  /** Ends the registration (closing the listening socket) and stops once it has ended. */
  private Behavior<Command> deregisterAndStop() {
    return start.deregisterAndStop(
        Behaviors.receive(Command.class)
            .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
            .onSignal(PostStop.class, s -> onPostStop()));
  }

  // ---- listening ---------------------------------------------------------------------------

  private Behavior<Command> onListenEvent(WrappedListenEvent m) {
    if (m.event() instanceof AcceptEvent a) {
      connections++;
      if (ctx.getLog().isDebugEnabled()) { // the addresses are formatted only when logged
        ctx.getLog()
            .debug(
                "Connection #{} from {} to {}",
                connections,
                SocketAddresses.format(a.remoteAddress()),
                SocketAddresses.format(a.localAddress()));
      }
      // The handler answers the AcceptEvent itself, naming its own event adapter as the handler.
      ctx.spawn(EchoConnection.create(a), "connection-" + connections, connectionProps);
      return Behaviors.same();
    }
    SocketFailedEvent f = (SocketFailedEvent) m.event();
    if (!listening) return start.failed("listening socket", f.status());
    ctx.getLog()
        .error(
            "Echo server listening socket on {} failed with {}, stopping",
            SocketAddresses.format(boundAddress),
            f.status());
    return deregisterAndStop();
  }

  private Behavior<Command> onPostStop() {
    if (!listening) return Behaviors.same(); // never started
    ctx.getLog()
        .info(
            "Echo server on {} stopped after {} connections",
            SocketAddresses.format(boundAddress),
            connections);
    return Behaviors.same();
  }
}
