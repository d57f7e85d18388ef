package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.wskactors.protocol.AbortEvent;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectCompleted;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the listening socket. Its public face is {@code ActorRef<ListenSocket.Command>}.
 *
 * <p>Its listening channel is the runtime's own, accepted on a {@link ReadSelector} ({@code
 * listen.accept-on-loop}, the default), or a Pekko IO listener's. Either way accepting is pulled:
 * connections are taken from the kernel only while there is demand (queued {@link Accept}s, or the
 * accept event enabled), so an application that does not accept leaves them in the kernel backlog,
 * as WSK does. Each taken connection becomes a connection socket, spawned by the client actor (not
 * a child of the listener: accepted sockets outlive it).
 */
public final class ListenSocketActor extends AbstractBehavior<Object> {

  /** To itself: its listening channel of the runtime's own is bound (accept-on-loop). */
  private record LoopBound(InetSocketAddress address) {}

  /** To itself: binding its listening channel of the runtime's own failed (accept-on-loop). */
  private record LoopBindFailed(Throwable cause) {}

  /**
   * From the client: an accepted socket that waits for the listener (parked, inspected) was
   * spawned.
   */
  public record AcceptedSpawned(ActorRef<Object> socket, InspectId inspectId) {}

  /** From an inspected socket: its InspectEvent (or InspectComplete) decided accept. */
  public record InspectAccepted(InspectId inspectId, ActorRef<Object> socket) {}

  /** From an inspected socket: it was rejected and is closing; forget it. */
  public record InspectRejected(InspectId inspectId) {}

  /** From an inspected socket: its connection went away before it was handed over. */
  public record InspectedConnectionLost(InspectId inspectId) {}

  private record AcceptTimedOut(PendingAccept accept) {}

  private static final class PendingAccept {
    final Accept request;

    PendingAccept(Accept request) {
      this.request = request;
    }
  }

  /** The options a listening socket has (all of them before bind only). */
  static final Set<SocketOption<?>> LISTEN_OPTIONS =
      Set.of(
          SocketOption.SO_REUSEADDR,
          SocketOption.SO_EXCLUSIVEADDRUSE,
          SocketOption.SO_KEEPALIVE,
          SocketOption.SO_RCVBUF,
          SocketOption.SO_SNDBUF,
          SocketOption.TCP_NODELAY,
          SocketOption.TCP_KEEPIDLE,
          SocketOption.TCP_KEEPINTVL,
          SocketOption.TCP_KEEPCNT,
          SocketOption.IPV6_V6ONLY,
          SocketOption.SO_CONDITIONAL_ACCEPT);

  private enum State {
    OPEN,
    BINDING,
    BOUND
  }

  /**
   * A new listening socket.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param handler its event handler
   * @param client the client actor that spawns accepted sockets
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<ListenSocket.Event> handler,
      ActorRef<Object> client,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ListenSocketActor a =
                      new ListenSocketActor(ctx, timers, settings, family, handler, client);
                  a.addStaticEvents(staticEvents);
                  return a;
                }));
  }

  /**
   * The listening role of a stream socket: binds and listens at once, answering {@code reply}; on
   * failure the socket goes back to {@code onFailure} (the undecided stream socket).
   */
  static ListenSocketActor forStream(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      WskSettings settings,
      AddressFamily family,
      ActorRef<ListenSocket.Event> handler,
      ActorRef<Object> client,
      Map<SocketOption<?>, Object> options,
      Set<WskEvent> staticEvents,
      InetSocketAddress bindAddress,
      BiConsumer<WskStatus, InetSocketAddress> reply,
      Supplier<Behavior<Object>> onFailure) {
    ListenSocketActor a = new ListenSocketActor(ctx, timers, settings, family, handler, client);
    a.options.putAll(options);
    a.addStaticEvents(staticEvents);
    a.onListenFailed = onFailure;
    a.startBind(bindAddress, reply);
    return a;
  }

  private void addStaticEvents(Set<WskEvent> staticEvents) {
    for (WskEvent e : staticEvents) {
      if (e == WskEvent.ACCEPT || e.isConnectionEvent()) enabled.add(e);
    }
  }

  private final TimerScheduler<Object> timers;
  private final WskSettings settings;
  private final AddressFamily family;
  private final ActorRef<ListenSocket.Event> handler;
  private final ActorRef<Object> client;
  private final ActorRef<ListenSocket.Command> self;
  private final Map<SocketOption<?>, Object> options = new HashMap<>();
  // The options as accepted sockets inherit them: one immutable copy shared by all of them until
  // an option changes (each socket copies it only if it sets an option of its own).
  private Map<SocketOption<?>, Object> inheritedOptions;
  private final SocketCapture.Accepted capture = new SocketCapture.Accepted();
  private final Set<WskEvent> enabled = EnumSet.noneOf(WskEvent.class);
  // How sockets are offered by accept event, with the connection events they inherit: one instance
  // shared by all of them until an event is enabled (connection events cannot be disabled on a
  // listener), so an idle accepted socket keeps no copy of its own.
  private ConnectionSocketActor.ByEvent byEvent;

  private State state = State.OPEN;
  private BiConsumer<WskStatus, InetSocketAddress> bindReply;
  private Supplier<Behavior<Object>> onListenFailed;
  private final Map<InspectId, ActorRef<Object>> inspected = new HashMap<>();
  private final long inspectKey = System.identityHashCode(this);
  private long inspectSerial;
  private InetSocketAddress localAddress;
  private org.apache.pekko.actor.ActorRef transport;
  // With listen.accept-on-loop: the listening channel the runtime owns, accepted on a read
  // selector; null with Pekko IO's listener (transport above) or before the bind.
  private ReadSelector.Acceptor acceptor;
  private int budget;
  private int parkedPending;
  private final ArrayDeque<PendingAccept> accepts = new ArrayDeque<>();
  private final ArrayDeque<ActorRef<Object>> parked = new ArrayDeque<>();
  private final List<ActorRef<CloseCompleted>> closeReplyTos = new ArrayList<>();
  private boolean closing;
  private boolean closedNormally;

  private ListenSocketActor(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      WskSettings settings,
      AddressFamily family,
      ActorRef<ListenSocket.Event> handler,
      ActorRef<Object> client) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.family = family;
    this.handler = handler;
    this.client = client;
    this.self = ctx.getSelf().narrow();
    ctx.watch(handler);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(Bind.class, this::onBind)
        .onMessage(Tcp.Bound.class, this::onBound)
        .onMessage(Tcp.CommandFailed.class, this::onCommandFailed)
        .onMessage(Tcp.Connected.class, this::onConnected)
        .onMessage(ReadSelector.Accepted.class, this::onAccepted)
        .onMessage(LoopBound.class, m -> bound(m.address()))
        .onMessage(LoopBindFailed.class, m -> bindFailed(m.cause()))
        .onMessage(ReadSelector.AcceptorClosed.class, m -> finishClose())
        .onMessage(Accept.class, this::onAccept)
        .onMessage(AcceptedSpawned.class, this::onAcceptedSpawned)
        .onMessage(InspectComplete.class, this::onInspectComplete)
        .onMessage(InspectAccepted.class, this::onInspectAccepted)
        .onMessage(InspectRejected.class, m -> forgetInspected(m.inspectId()))
        .onMessage(InspectedConnectionLost.class, this::onInspectedConnectionLost)
        .onMessage(
            Listen.class,
            m ->
                wrongRole(
                    m.replyTo(), new ListenCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null)))
        .onMessage(
            Connect.class,
            m ->
                wrongRole(
                    m.replyTo(),
                    new ConnectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null, null)))
        .onMessage(
            ConnectEx.class,
            m ->
                wrongRole(
                    m.replyTo(),
                    new ConnectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null, null)))
        .onMessage(
            Send.class,
            m ->
                wrongRole(m.replyTo(), new SendCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, 0)))
        .onMessage(
            org.wskactors.protocol.Receive.class,
            m ->
                wrongRole(
                    m.replyTo(),
                    new ReceiveCompleted(
                        WskStatus.STATUS_INVALID_DEVICE_STATE,
                        org.apache.pekko.util.ByteString.emptyByteString())))
        .onMessage(
            Disconnect.class,
            m ->
                wrongRole(
                    m.replyTo(), new DisconnectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE)))
        .onMessage(
            Release.class,
            m ->
                wrongRole(
                    m.replyTo(),
                    new ReleaseCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, m.indicationId())))
        .onMessage(
            GetRemoteAddress.class,
            m ->
                wrongRole(
                    m.replyTo(), new AddressCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null)))
        .onMessage(AcceptTimedOut.class, this::onAcceptTimedOut)
        .onMessage(GetLocalAddress.class, this::onGetLocalAddress)
        .onMessage(SetOption.class, this::onSetOption)
        .onMessage(GetOption.class, this::onGetOption)
        .onMessage(Ioctl.class, this::onIoctl)
        .onMessage(CloseSocket.class, m -> startClose(m.replyTo()))
        .onMessage(ConnectionSocketActor.ForceClose.class, m -> startClose(null))
        .onMessage(Tcp.Unbound.class, m -> this)
        .onMessage(
            FaultInjection.Crash.class,
            m -> {
              throw new FaultInjection.InjectedFailure();
            })
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  // ---- bind ----------------------------------------------------------------------------------

  private Behavior<Object> onBind(Bind m) {
    WskStatus bad = null;
    if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (state != State.OPEN) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    else bad = Addresses.checkLocal(m.localAddress(), family);
    if (bad != null) {
      m.replyTo().tell(new BindCompleted(bad, null));
      return this;
    }
    startBind(m.localAddress(), (st, a) -> m.replyTo().tell(new BindCompleted(st, a)));
    return this;
  }

  private void startBind(
      InetSocketAddress address, BiConsumer<WskStatus, InetSocketAddress> reply) {
    state = State.BINDING;
    bindReply = reply;
    if (settings.acceptOnLoop()) {
      bindOnLoop(address);
      return;
    }
    List<Inet.SocketOption> opts = new ArrayList<>(TcpOptions.beforeConnect(options));
    opts.add(capture);
    org.apache.pekko.actor.ActorRef classicSelf = Adapter.toClassic(getContext().getSelf());
    Tcp.get(getContext().getSystem())
        .manager()
        .tell(
            TcpMessage.bind(classicSelf, address, settings.listenBacklog(), opts, true),
            classicSelf);
  }

  /**
   * Binds a listening channel of the runtime's own and registers it with a read selector, which
   * accepts for this listener: no Pekko IO listener, and no Pekko IO actor per connection.
   */
  private void bindOnLoop(InetSocketAddress address) {
    List<Inet.SocketOption> opts = TcpOptions.beforeConnect(options);
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open();
      channel.configureBlocking(false);
      for (Inet.SocketOption o : opts) o.beforeServerSocketBind(channel.socket());
      channel.socket().bind(address, settings.listenBacklog());
      for (Inet.SocketOption o : opts) {
        if (o instanceof Inet.SocketOptionV2 v2) v2.afterBind(channel.socket());
      }
    } catch (IOException | RuntimeException e) {
      if (channel != null) ReadSelector.closeQuietly(channel);
      // Reported as a message, as Pekko IO's CommandFailed is: a stream socket's Listen returns
      // this behaviour first and becomes undecided again on the failure.
      getContext().getSelf().tell(new LoopBindFailed(e));
      return;
    }
    ServerSocketChannel bound = channel;
    acceptor =
        ReadSelectors.get(getContext().getSystem())
            .next()
            .registerAcceptor(bound, getContext().getSelf(), c -> configureAccepted(c, opts));
    getContext()
        .getSelf()
        .tell(new LoopBound((InetSocketAddress) bound.socket().getLocalSocketAddress()));
  }

  /**
   * What Pekko IO does to an accepted connection: TCP_NODELAY on, then the listener's options that
   * apply after connect. Runs on the read selector thread.
   */
  private static void configureAccepted(SocketChannel c, List<Inet.SocketOption> opts) {
    try {
      // Through the channel: its socket adaptor (about 100 bytes that stay with every idle
      // connection) is only made when an option needs it.
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      // a peer that reset at once: the first read reports it
    }
    for (Inet.SocketOption o : opts) o.afterConnect(c.socket());
  }

  private Behavior<Object> onBound(Tcp.Bound m) {
    transport = Adapter.toClassic(getContext()).sender();
    getContext().watch(Adapter.toTyped(transport));
    return bound(m.localAddress());
  }

  private Behavior<Object> bound(InetSocketAddress address) {
    localAddress = address;
    state = State.BOUND;
    bindReply.accept(WskStatus.STATUS_SUCCESS, localAddress);
    bindReply = null;
    onListenFailed = null;
    if (closing) {
      unbind();
      return this;
    }
    log().debug("Listening on [{}]", localAddress);
    requestConnections();
    return this;
  }

  /** Closes the listening channel; the close finishes when it is released. */
  private void unbind() {
    if (acceptor != null) acceptor.close();
    else transport.tell(TcpMessage.unbind(), Adapter.toClassic(getContext().getSelf()));
  }

  private Behavior<Object> onCommandFailed(Tcp.CommandFailed m) {
    if (!(m.cmd() instanceof Tcp.Bind) || state != State.BINDING) return this;
    return bindFailed(m.cause().isDefined() ? m.cause().get() : null);
  }

  private Behavior<Object> bindFailed(Throwable cause) {
    WskStatus status = Statuses.of(cause, WskStatus.STATUS_ADDRESS_ALREADY_EXISTS);
    state = State.OPEN;
    bindReply.accept(status, null);
    bindReply = null;
    if (closing) return finishClose();
    // A stream socket whose Listen failed is undecided again, as in WSK.
    return onListenFailed != null ? onListenFailed.get() : this;
  }

  private Behavior<Object> onGetLocalAddress(GetLocalAddress m) {
    m.replyTo()
        .tell(
            state == State.BOUND
                ? new AddressCompleted(WskStatus.STATUS_SUCCESS, localAddress)
                : new AddressCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null));
    return this;
  }

  // ---- accept --------------------------------------------------------------------------------

  private Behavior<Object> onAccept(Accept m) {
    WskStatus bad = null;
    if (m.handler() == null
        || (m.timeout() != null && (m.timeout().isNegative() || m.timeout().isZero()))) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (state != State.BOUND) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    if (bad != null) {
      m.replyTo().tell(new AcceptCompleted(bad, null, null, null));
      return this;
    }
    ActorRef<Object> ready = parked.poll();
    if (ready != null) {
      getContext().unwatch(ready);
      ready.tell(new ConnectionSocketActor.Adopt(m.handler(), m.replyTo()));
      return this;
    }
    PendingAccept a = new PendingAccept(m);
    accepts.add(a);
    Duration timeout = m.timeout();
    if (timeout != null) timers.startSingleTimer(a, new AcceptTimedOut(a), timeout);
    requestConnections();
    return this;
  }

  private Behavior<Object> onAcceptTimedOut(AcceptTimedOut m) {
    if (accepts.remove(m.accept())) {
      m.accept()
          .request
          .replyTo()
          .tell(new AcceptCompleted(WskStatus.STATUS_IO_TIMEOUT, null, null, null));
    }
    return this;
  }

  /** Asks Pekko IO for as many connections as there is demand for, once the last batch is used. */
  private void requestConnections() {
    if (state != State.BOUND || closing || budget > 0) return;
    // With the accept event or conditional accept (inspection happens on arrival, as WSK inspects
    // the SYN), connections are taken as they come; otherwise only for queued Accepts.
    int needed =
        enabled.contains(WskEvent.ACCEPT)
                || Boolean.TRUE.equals(options.get(SocketOption.SO_CONDITIONAL_ACCEPT))
            ? settings.acceptBatch()
            : accepts.size() - parkedPending;
    if (needed > 0) {
      budget = needed;
      if (acceptor != null) acceptor.grant(needed);
      else {
        transport.tell(
            TcpMessage.resumeAccepting(needed), Adapter.toClassic(getContext().getSelf()));
      }
    }
  }

  private Behavior<Object> onConnected(Tcp.Connected m) {
    org.apache.pekko.actor.ActorRef connection = Adapter.toClassic(getContext()).sender();
    Socket socket = capture.take(m.localAddress(), m.remoteAddress());
    return arrived(
        new ConnectionSocketActor.PekkoIncoming(connection, socket),
        m.localAddress(),
        m.remoteAddress());
  }

  private Behavior<Object> onAccepted(ReadSelector.Accepted m) {
    InetSocketAddress local;
    InetSocketAddress remote;
    try {
      local = (InetSocketAddress) m.channel().getLocalAddress();
      remote = (InetSocketAddress) m.channel().getRemoteAddress();
    } catch (IOException e) {
      // reset before it was taken: nothing to hand over
      budget = Math.max(0, budget - 1);
      ReadSelector.closeQuietly(m.channel());
      requestConnections();
      return this;
    }
    return arrived(new ConnectionSocketActor.LoopIncoming(m.channel()), local, remote);
  }

  /** A connection the transport accepted: to a handler, the accept event, inspection or parked. */
  private Behavior<Object> arrived(
      ConnectionSocketActor.Incoming incoming, InetSocketAddress local, InetSocketAddress remote) {
    budget = Math.max(0, budget - 1);
    if (closing) {
      incoming.abort();
      return this;
    }
    if (Addresses.refusedByV6Only(family, options, remote)) {
      log().debug("IPv4 peer [{}] refused: IPV6_V6ONLY is on", remote);
      incoming.abort();
      requestConnections();
      return this;
    }
    ConnectionSocketActor.AcceptMode mode;
    InspectId inspectId = null;
    PendingAccept a = null;
    if (Boolean.TRUE.equals(options.get(SocketOption.SO_CONDITIONAL_ACCEPT))) {
      inspectId = new InspectId(inspectKey, ++inspectSerial);
      mode = new ConnectionSocketActor.Inspecting(self, handler, inspectId, getContext().getSelf());
      parkedPending++;
    } else if ((a = accepts.poll()) != null) {
      timers.cancel(a);
      mode = new ConnectionSocketActor.ByRequest(a.request.handler(), a.request.replyTo());
    } else if (enabled.contains(WskEvent.ACCEPT)) {
      mode = byEvent();
    } else {
      mode = ConnectionSocketActor.Parked.INSTANCE;
      parkedPending++;
    }
    client.tell(
        new ClientActor.SpawnAccepted(
            family,
            incoming,
            local,
            remote,
            mode,
            inheritedOptions(),
            mode == ConnectionSocketActor.Parked.INSTANCE || inspectId != null
                ? getContext().getSelf()
                : null,
            inspectId));
    requestConnections();
    return this;
  }

  private Behavior<Object> onAcceptedSpawned(AcceptedSpawned m) {
    parkedPending--;
    if (closing) {
      m.socket().tell(ConnectionSocketActor.ForceClose.INSTANCE);
      return this;
    }
    if (m.inspectId() != null) {
      inspected.put(m.inspectId(), m.socket());
      return this;
    }
    return handOver(m.socket());
  }

  /** A connection that may be accepted now: to a queued Accept, the accept event, or parked. */
  private Behavior<Object> handOver(ActorRef<Object> socket) {
    PendingAccept a = accepts.poll();
    if (a != null) {
      timers.cancel(a);
      socket.tell(new ConnectionSocketActor.Adopt(a.request.handler(), a.request.replyTo()));
    } else if (enabled.contains(WskEvent.ACCEPT)) {
      socket.tell(byEvent());
    } else {
      parked.add(socket);
      getContext().watch(socket);
    }
    return this;
  }

  private Map<SocketOption<?>, Object> inheritedOptions() {
    if (inheritedOptions == null) inheritedOptions = Map.copyOf(options);
    return inheritedOptions;
  }

  private ConnectionSocketActor.ByEvent byEvent() {
    if (byEvent == null) {
      Set<WskEvent> inherited = EnumSet.noneOf(WskEvent.class);
      for (WskEvent e : enabled) if (e.isConnectionEvent()) inherited.add(e);
      byEvent =
          new ConnectionSocketActor.ByEvent(self, handler, Collections.unmodifiableSet(inherited));
    }
    return byEvent;
  }

  // ---- conditional accept --------------------------------------------------------------------

  private Behavior<Object> onInspectAccepted(InspectAccepted m) {
    inspected.remove(m.inspectId());
    if (closing) {
      m.socket().tell(ConnectionSocketActor.ForceClose.INSTANCE);
      return this;
    }
    return handOver(m.socket());
  }

  private Behavior<Object> forgetInspected(InspectId id) {
    inspected.remove(id);
    return this;
  }

  private Behavior<Object> onInspectedConnectionLost(InspectedConnectionLost m) {
    inspected.remove(m.inspectId());
    if (!closing) handler.tell(new AbortEvent(self, m.inspectId()));
    return this;
  }

  private Behavior<Object> onInspectComplete(InspectComplete m) {
    WskStatus bad = null;
    if (state != State.BOUND || closing) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    else if (m.inspectId() == null
        || m.action() == null
        || m.action() == InspectAction.PEND
        || !inspected.containsKey(m.inspectId())) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (bad != null) {
      m.replyTo().tell(new InspectCompleted(bad, m.inspectId()));
      return this;
    }
    inspected
        .get(m.inspectId())
        .tell(new ConnectionSocketActor.InspectDecision(m.action(), m.replyTo()));
    return this;
  }

  private <R> Behavior<Object> wrongRole(ActorRef<R> replyTo, R reply) {
    if (replyTo != null) replyTo.tell(reply);
    return this;
  }

  // ---- options -------------------------------------------------------------------------------

  @SuppressWarnings({"rawtypes", "unchecked"})
  private Behavior<Object> onSetOption(SetOption m) {
    SocketOption<?> opt = m.option();
    Object value = m.value();
    WskStatus status;
    if (opt == null || value == null || !opt.type().isInstance(value)) {
      status = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) {
      status = WskStatus.STATUS_CANCELLED;
    } else if (opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      status = controlEvents((EventCallbackControl) value);
    } else if (!LISTEN_OPTIONS.contains(opt)) {
      status = WskStatus.STATUS_NOT_SUPPORTED;
    } else if (state != State.OPEN) {
      status = WskStatus.STATUS_INVALID_DEVICE_STATE;
    } else {
      status = TcpOptions.checkExclusive(options, opt, value);
      if (status.isSuccess() && TcpOptions.isTransportOption(opt)) {
        status = TcpOptions.validate(opt, value);
      }
      if (status.isSuccess()) {
        options.put(opt, value);
        inheritedOptions = null;
      }
    }
    m.replyTo().tell(new OptionSet(status, opt));
    return this;
  }

  private WskStatus controlEvents(EventCallbackControl c) {
    if (c.events().isEmpty()) return WskStatus.STATUS_INVALID_PARAMETER;
    if (state != State.BOUND) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    for (WskEvent e : c.events()) {
      if (e != WskEvent.ACCEPT && !e.isConnectionEvent()) return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (c.disable()) {
      // Connection events enabled on a listener cannot be disabled there, as in WSK.
      if (c.events().size() != 1 || !c.events().contains(WskEvent.ACCEPT)) {
        return WskStatus.STATUS_INVALID_PARAMETER;
      }
      enabled.remove(WskEvent.ACCEPT);
      return WskStatus.STATUS_SUCCESS;
    }
    enabled.addAll(c.events());
    byEvent = null;
    requestConnections();
    return WskStatus.STATUS_SUCCESS;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGetOption(GetOption m) {
    SocketOption<?> opt = m.option();
    ActorRef replyTo = m.replyTo();
    Object v = opt == null ? null : TcpOptions.valueOrDefault(options, opt);
    if (opt == null || opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      replyTo.tell(new OptionValue(WskStatus.STATUS_NOT_SUPPORTED, opt, null));
    } else if (v == null) {
      replyTo.tell(new OptionValue(WskStatus.STATUS_INVALID_DEVICE_STATE, opt, null));
    } else {
      replyTo.tell(new OptionValue(WskStatus.STATUS_SUCCESS, opt, v));
    }
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onIoctl(Ioctl m) {
    ActorRef replyTo = m.replyTo();
    replyTo.tell(new IoctlCompleted(WskStatus.STATUS_INVALID_DEVICE_REQUEST, m.code(), null));
    return this;
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Object> startClose(ActorRef<CloseCompleted> replyTo) {
    if (replyTo != null) closeReplyTos.add(replyTo);
    if (closing) return this;
    closing = true;
    cancelPending(WskStatus.STATUS_CANCELLED);
    if (state == State.BINDING) return this; // finishes on Bound or CommandFailed
    if (transport != null || acceptor != null) {
      unbind();
      return this; // finishes when the listener's channel is released
    }
    return finishClose();
  }

  private void cancelPending(WskStatus status) {
    for (PendingAccept a : accepts) {
      timers.cancel(a);
      a.request.replyTo().tell(new AcceptCompleted(status, null, null, null));
    }
    accepts.clear();
    for (ActorRef<Object> s : parked) s.tell(ConnectionSocketActor.ForceClose.INSTANCE);
    parked.clear();
    for (ActorRef<Object> s : inspected.values()) s.tell(ConnectionSocketActor.ForceClose.INSTANCE);
    inspected.clear();
  }

  private Behavior<Object> finishClose() {
    closedNormally = true;
    capture.clear();
    for (ActorRef<CloseCompleted> r : closeReplyTos) {
      r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
    }
    return Behaviors.stopped();
  }

  private Behavior<Object> onTerminated(Terminated t) {
    if (transport != null && t.getRef().equals(Adapter.toTyped(transport))) {
      if (closing) return finishClose();
      log().warn("Listener transport on [{}] stopped unexpectedly", localAddress);
      return Behaviors.stopped(); // PostStop tells the handler
    }
    if (t.getRef().equals(handler)) {
      log().debug("Handler of listener [{}] stopped, closing", localAddress);
      return startClose(null);
    }
    parked.remove(t.getRef()); // a parked socket timed out
    return this;
  }

  private Behavior<Object> onPostStop() {
    if (closedNormally) return this;
    try {
      // Release the port now; Pekko IO's listener would otherwise wait for its own watch.
      if (acceptor != null) acceptor.close();
      else if (transport != null)
        transport.tell(TcpMessage.unbind(), org.apache.pekko.actor.ActorRef.noSender());
      capture.clear();
      cancelPending(WskStatus.STATUS_FILE_FORCED_CLOSED);
      for (ActorRef<CloseCompleted> r : closeReplyTos) {
        r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
      }
      WskMetrics.get(getContext().getSystem()).socketsFailed.increment();
      handler.tell(new SocketFailedEvent(self, WskStatus.STATUS_FILE_FORCED_CLOSED));
    } catch (RuntimeException e) {
      log().warn("Cleanup of failed listener incomplete", e);
    }
    return this;
  }

  /** The logger, with this socket in the MDC (see {@link SocketLog}). */
  private org.slf4j.Logger log() {
    return SocketLog.with(getContext().getLog(), getContext(), localAddress, null);
  }
}
