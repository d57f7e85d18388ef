package org.wskactors.samples.echo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;
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
 * is handed to a new {@link EchoConnection} child, which accepts the connection with {@link
 * WskEvent#RECEIVE} and {@link WskEvent#DISCONNECT} enabled and echoes it. If the listening socket
 * fails later, the server logs an error, deregisters and stops.
 */
public final class EchoServer {

  /** The client name the server registers with. */
  public static final String CLIENT_NAME = "echo-server";

  /** The messages of the server actor; all of them are internal replies and events. */
  public sealed interface Command {}

  /** Subsystem to server: the reply to {@link Register}. */
  private record WrappedRegistered(Registered reply) implements Command {}

  /** Provider to server: the reply to {@link CreateListenSocket}. */
  private record WrappedSocketCreated(SocketCreated<ListenSocket.Command> reply)
      implements Command {}

  /** Listening socket to server: the reply to a {@link SetOption}. */
  private record WrappedOptionSet(OptionSet reply) implements Command {}

  /** Listening socket to server: the reply to {@link Bind}. */
  private record WrappedBindCompleted(BindCompleted reply) implements Command {}

  /**
   * Listening socket to server (its handler): an {@link AcceptEvent} or {@link SocketFailedEvent}.
   */
  private record WrappedListenEvent(ListenSocket.Event event) implements Command {}

  /** Provider to server: the reply to {@link Deregister}, after all sockets were closed. */
  private record WrappedDeregistered(Deregistered reply) implements Command {}

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
    return Behaviors.setup(
        ctx -> new EchoServer(ctx, bindAddress, family, startupListener).register());
  }

  private static InetAddress anyIpv6() {
    try {
      return InetAddress.getByAddress(new byte[16]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen for 16 bytes
    }
  }

  private final ActorContext<Command> ctx;
  private final InetSocketAddress requested;
  private final AddressFamily family;
  private final ActorRef<ServerStartup> startupListener;

  private final ActorRef<Registered> registeredAdapter;
  private final ActorRef<SocketCreated<ListenSocket.Command>> createdAdapter;
  private final ActorRef<OptionSet> optionAdapter;
  private final ActorRef<BindCompleted> bindAdapter;
  private final ActorRef<ListenSocket.Event> listenEventAdapter;
  private final ActorRef<Deregistered> deregisteredAdapter;

  private ActorRef<WskProvider.Command> provider;
  private ActorRef<ListenSocket.Command> listener;
  private InetSocketAddress boundAddress;
  private boolean listening;
  private long connections;

  @SuppressWarnings("unchecked")
  private EchoServer(
      ActorContext<Command> ctx,
      InetSocketAddress requested,
      AddressFamily family,
      ActorRef<ServerStartup> startupListener) {
    this.ctx = ctx;
    this.requested = requested;
    this.family = family;
    this.startupListener = startupListener;
    this.registeredAdapter = ctx.messageAdapter(Registered.class, WrappedRegistered::new);
    this.createdAdapter =
        ctx.messageAdapter(
            (Class<SocketCreated<ListenSocket.Command>>) (Class<?>) SocketCreated.class,
            WrappedSocketCreated::new);
    this.optionAdapter = ctx.messageAdapter(OptionSet.class, WrappedOptionSet::new);
    this.bindAdapter = ctx.messageAdapter(BindCompleted.class, WrappedBindCompleted::new);
    this.listenEventAdapter = ctx.messageAdapter(ListenSocket.Event.class, WrappedListenEvent::new);
    this.deregisteredAdapter = ctx.messageAdapter(Deregistered.class, WrappedDeregistered::new);
  }

  // ---- start: register, create, option, bind, enable accept events ----------------------------

  private Behavior<Command> register() {
    Wsk.get(ctx.getSystem())
        .subsystem()
        .tell(new Register(CLIENT_NAME, ctx.getSelf(), registeredAdapter));
    return phase().onMessage(WrappedRegistered.class, this::onRegistered).build();
  }

  private Behavior<Command> onRegistered(WrappedRegistered m) {
    Registered r = m.reply();
    if (!r.status().isSuccess()) return startFailed("register", r.status());
    provider = r.provider();
    provider.tell(new CreateListenSocket(family, listenEventAdapter, createdAdapter));
    return phase().onMessage(WrappedSocketCreated.class, this::onSocketCreated).build();
  }

  private Behavior<Command> onSocketCreated(WrappedSocketCreated m) {
    SocketCreated<ListenSocket.Command> c = m.reply();
    if (!c.status().isSuccess()) return startFailed("create", c.status());
    listener = c.socket();
    if (family != AddressFamily.INET6) return bind();
    // Dual-stack: IPV6_V6ONLY is on by default (as on Windows) and may only change before bind.
    listener.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, optionAdapter));
    return phase()
        .onMessage(
            WrappedOptionSet.class,
            o ->
                o.reply().status().isSuccess()
                    ? bind()
                    : startFailed("set IPV6_V6ONLY", o.reply().status()))
        .build();
  }

  private Behavior<Command> bind() {
    listener.tell(new Bind(requested, bindAdapter));
    return phase().onMessage(WrappedBindCompleted.class, this::onBound).build();
  }

  private Behavior<Command> onBound(WrappedBindCompleted m) {
    BindCompleted b = m.reply();
    if (!b.status().isSuccess()) return startFailed("bind", b.status());
    boundAddress = b.localAddress();
    listener.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.ACCEPT),
            optionAdapter));
    return phase().onMessage(WrappedOptionSet.class, this::onAcceptEnabled).build();
  }

  private Behavior<Command> onAcceptEnabled(WrappedOptionSet m) {
    if (!m.reply().status().isSuccess()) {
      return startFailed("enable accept events", m.reply().status());
    }
    ctx.getLog()
        .info(
            "Echo server listening on {}{}",
            SocketAddresses.format(boundAddress),
            family == AddressFamily.INET6 ? " (dual-stack: IPv4 and IPv6)" : "");
    listening = true;
    startupListener.tell(new Listening(boundAddress));
    return Behaviors.receive(Command.class)
        .onMessage(WrappedListenEvent.class, this::onListenEvent)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  /** A receive builder for a start phase: listen events may come as soon as the socket exists. */
  private BehaviorBuilder<Command> phase() {
    return Behaviors.receive(Command.class)
        .onMessage(WrappedListenEvent.class, this::onListenEvent);
  }

  private Behavior<Command> startFailed(String step, WskStatus status) {
    String hint =
        status == WskStatus.STATUS_ADDRESS_ALREADY_EXISTS ? " (is the port already in use?)" : "";
    ctx.getLog()
        .error(
            "Echo server could not start on {}: {} failed with {}{}",
            SocketAddresses.format(requested),
            step,
            status,
            hint);
    startupListener.tell(new StartFailed(requested, step, status));
    return deregisterAndStop();
  }

  /** Ends the registration (closing the listening socket) and stops once it has ended. */
  private Behavior<Command> deregisterAndStop() {
    if (provider == null) return Behaviors.stopped();
    provider.tell(new Deregister(deregisteredAdapter));
    return Behaviors.receive(Command.class)
        .onMessage(WrappedDeregistered.class, m -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
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
      ctx.spawn(EchoConnection.create(a), "connection-" + connections);
      return Behaviors.same();
    }
    SocketFailedEvent f = (SocketFailedEvent) m.event();
    if (!listening) return startFailed("listening socket", f.status());
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
