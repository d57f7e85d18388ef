package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectCompleted;
import org.wskactors.protocol.InspectEvent;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendBacklogEvent;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the connection-oriented socket. Its public face is {@code
 * ActorRef<ConnectionSocket.Command>}; inside it also takes Pekko IO events and private messages.
 *
 * <p>Send path: an ordered queue; while one transport write is in flight, queued sends wait and are
 * then coalesced into one write (up to {@code max-write-size}); each Send completes when the write
 * that carried it is acknowledged. Receive path: only while buffered plus indicated-but-unreleased
 * bytes are below the receive window; with {@code selector-reads} a {@link ReadSelector} reads the
 * channel with credit for the window's free room and sends the bytes here, otherwise pull-mode
 * Pekko IO reads, one at a time. On a Pekko IO transport the end of the stream is read by Pekko IO
 * (the read selector hands it back); an accepted connection on a channel of the runtime's own
 * ({@link LoopTcpTransport}) is read by its read selector throughout and reports the same {@code
 * Tcp} events, so close handling is the same every way.
 */
public final class ConnectionSocketActor extends ExtensibleBehavior<Object> {

  // ---- private messages ----------------------------------------------------------------------

  /** The transport took a write. */
  enum WriteAck implements Tcp.Event {
    INSTANCE
  }

  /** From a listener: a parked accepted socket is handed to an Accept request. */
  public record Adopt(
      ActorRef<ConnectionSocket.Event> handler, ActorRef<AcceptCompleted> acceptReplyTo) {}

  /** From the client or listener: close without a reply (deregistration, listener close). */
  public enum ForceClose {
    INSTANCE
  }

  /** From the client: the socket-connect request, run as bind + connect. */
  public record StartSocketConnect(
      InetSocketAddress local,
      InetSocketAddress remote,
      Duration timeout,
      ActorRef<SocketConnectCompleted> replyTo) {}

  /** The accept-decision deadline; only the latest generation counts (see SocketTimers). */
  private record DecisionTimedOut(long generation) {}

  private static final Object DECISION_TIMER = "decision";

  private record ReceiveTimedOut(PendingReceive receive) {}

  /** From the connect's socket capture: binding the local address failed. */
  private record LocalBindFailed(IOException cause) {}

  /**
   * A queued send; {@code releaseId} is the indication released when it completes (a {@link
   * ReceiveEventResponse.RetainedUntilSent}), 0 for none.
   */
  private record PendingSend(
      ByteString data, int flags, ActorRef<SendCompleted> replyTo, long releaseId) {}

  private static final class PendingReceive {
    final Receive request;

    PendingReceive(Receive request) {
      this.request = request;
    }
  }

  private record Indication(long id, ByteString data) {}

  /** How an accepted socket learns its handler. */
  public sealed interface AcceptMode {}

  /** A queued Accept took the connection. */
  public record ByRequest(
      ActorRef<ConnectionSocket.Event> handler, ActorRef<AcceptCompleted> replyTo)
      implements AcceptMode {}

  /** The listener's handler decides through an AcceptEvent. */
  public record ByEvent(
      ActorRef<ListenSocket.Command> listener,
      ActorRef<ListenSocket.Event> listenHandler,
      Set<WskEvent> inherited)
      implements AcceptMode {}

  /**
   * Conditional accept: the listen handler inspects first ({@code InspectEvent}); the decision goes
   * to the listener, which then hands the socket over like a parked one.
   */
  public record Inspecting(
      ActorRef<ListenSocket.Command> listener,
      ActorRef<ListenSocket.Event> listenHandler,
      InspectId inspectId,
      ActorRef<Object> listenerActor)
      implements AcceptMode {}

  /** From the listener: the decision of an {@code InspectComplete} for this socket. */
  public record InspectDecision(InspectAction action, ActorRef<InspectCompleted> replyTo) {}

  /** Nobody asked yet; the listener hands it to the next Accept with {@link Adopt}. */
  public enum Parked implements AcceptMode {
    INSTANCE
  }

  private enum State {
    OPEN,
    BOUND,
    CONNECTING,
    CONNECTED,
    DEAD
  }

  // ---- factories -----------------------------------------------------------------------------

  /**
   * A new, unbound socket.
   *
   * @param settings runtime settings
   * @param family the address family
   * @param handler the handler of its events
   * @param staticEvents events enabled from the start (client static event callbacks)
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<ConnectionSocket.Event> handler,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(
        ctx -> {
          ConnectionSocketActor a = new ConnectionSocketActor(ctx, settings, family, handler);
          a.addStaticEvents(staticEvents);
          return a;
        });
  }

  /**
   * An accepted connection before its socket actor exists: the listener hands it to the client
   * actor, which spawns the socket over it, or resets it when the client is deregistering.
   */
  public interface Incoming {
    /**
     * The connection's transport, made in the new socket actor's setup.
     *
     * @param ctx the socket actor's context
     * @return the transport, the socket actor its handler
     */
    ConnectionTransport transport(ActorContext<Object> ctx);

    /** Resets the connection without a socket (the client is going away). */
    void abort();
  }

  /** A connection Pekko IO accepted: its connection actor and its captured Java socket. */
  public record PekkoIncoming(org.apache.pekko.actor.ActorRef connection, Socket socket)
      implements Incoming {
    @Override
    public ConnectionTransport transport(ActorContext<Object> ctx) {
      return new PekkoTcpTransport(connection, Adapter.toClassic(ctx.getSelf()), socket);
    }

    @Override
    public void abort() {
      connection.tell(TcpMessage.abort(), org.apache.pekko.actor.ActorRef.noSender());
    }
  }

  /** A connection a read selector accepted: the runtime owns its channel. */
  public record LoopIncoming(java.nio.channels.SocketChannel channel) implements Incoming {
    @Override
    public ConnectionTransport transport(ActorContext<Object> ctx) {
      return new LoopTcpTransport(
          channel, ctx.getSelf(), ReadSelectors.get(ctx.getSystem()).next());
    }

    @Override
    public void abort() {
      try {
        channel.socket().setSoLinger(true, 0);
        channel.close(); // not registered with any selector yet: released at once
      } catch (IOException e) {
        // already reset by the peer
      }
    }
  }

  /**
   * A socket for an accepted connection.
   *
   * @param settings runtime settings
   * @param family the listener's address family
   * @param incoming the accepted connection
   * @param local the connection's local address
   * @param remote the peer's address
   * @param mode how the handler is decided
   * @param listenerOptions options inherited from the listener
   * @param staticEvents events enabled from the start (client static event callbacks)
   */
  public static Behavior<Object> accepted(
      WskSettings settings,
      AddressFamily family,
      Incoming incoming,
      InetSocketAddress local,
      InetSocketAddress remote,
      AcceptMode mode,
      Map<SocketOption<?>, Object> listenerOptions,
      Set<WskEvent> staticEvents) {
    return started(
        settings, family, listenerOptions, staticEvents, incoming::transport, local, remote, mode);
  }

  /**
   * A socket over a given transport, for tests without sockets.
   *
   * @param settings runtime settings
   * @param family the address family
   * @param transport the fake transport
   * @param local the local address
   * @param remote the peer's address
   * @param handler the handler
   */
  public static Behavior<Object> overTransport(
      WskSettings settings,
      AddressFamily family,
      ConnectionTransport transport,
      InetSocketAddress local,
      InetSocketAddress remote,
      ActorRef<ConnectionSocket.Event> handler) {
    return started(
        settings,
        family,
        Map.of(),
        Set.of(),
        ctx -> transport,
        local,
        remote,
        new ByRequest(handler, null));
  }

  /**
   * The connection role of a stream socket, bound to {@code local} and about to connect.
   *
   * @param ctx the stream socket's context
   * @param settings runtime settings
   * @param family its family
   * @param handler its handler (stream events include the connection events)
   * @param options options set while undecided
   * @param staticEvents events enabled from the start
   * @param local the address given to Bind
   */
  static ConnectionSocketActor forStream(
      ActorContext<Object> ctx,
      WskSettings settings,
      AddressFamily family,
      ActorRef<ConnectionSocket.Event> handler,
      Map<SocketOption<?>, Object> options,
      Set<WskEvent> staticEvents,
      InetSocketAddress local) {
    ConnectionSocketActor a = new ConnectionSocketActor(ctx, settings, family, handler);
    a.options = new HashMap<>(options);
    a.addStaticEvents(staticEvents);
    a.localAddress = local;
    a.state = State.BOUND;
    return a;
  }

  private static Behavior<Object> started(
      WskSettings settings,
      AddressFamily family,
      Map<SocketOption<?>, Object> options,
      Set<WskEvent> staticEvents,
      java.util.function.Function<ActorContext<Object>, ConnectionTransport> transport,
      InetSocketAddress local,
      InetSocketAddress remote,
      AcceptMode mode) {
    return Behaviors.setup(
        ctx -> {
          ConnectionSocketActor a = new ConnectionSocketActor(ctx, settings, family, null);
          a.options = options; // an immutable snapshot, copied on the first write
          a.addStaticEvents(staticEvents);
          a.startAccepted(transport.apply(ctx), local, remote, mode);
          return a;
        });
  }

  // ---- state ---------------------------------------------------------------------------------

  private final SocketTimers timers;
  private final WskSettings settings;
  private final AddressFamily family;
  private final ActorRef<ConnectionSocket.Command> self;
  // The listener's snapshot, shared by every socket it accepted until one of them sets an option:
  // copied on the first write (see mutableOptions), which saves a map per idle connection.
  private Map<SocketOption<?>, Object> options = Map.of();
  private final ActorContext<Object> ctx;

  private ActorRef<ConnectionSocket.Event> handler;
  private State state = State.OPEN;
  private final WskMetrics metrics;
  private InetSocketAddress localAddress;
  private InetSocketAddress remoteAddress;
  private ConnectionTransport transport;
  private boolean transportAlive;
  private boolean transportTerminated;
  private boolean localAbort;

  // connect
  private ActorRef<ConnectCompleted> connectReplyTo;
  private ActorRef<SocketConnectCompleted> socketConnectReplyTo;
  private SocketCapture.Single connectCapture;
  private ByteString connectInitialData;
  private ActorRef<AcceptCompleted> acceptReplyTo;
  private boolean awaitingDecision;
  private long decisionGeneration;
  private Set<WskEvent> inheritedEvents = Set.of();
  private InspectId inspectId;
  private ActorRef<Object> inspectingListener;
  private boolean inspectPending;

  // events
  private final Set<WskEvent> enabled = EnumSet.noneOf(WskEvent.class);
  private boolean receiveEventsPaused;
  private boolean disconnectIndicated;

  // send
  // Sends in order: the first inFlightSends are in the current write, the rest are queued. One
  // queue for both, made at the first send and then kept at its smallest size, so an idle socket
  // holds one small deque (a second list for the write cost ~80 bytes per connection).
  private ArrayDeque<PendingSend> sends;
  private int inFlightSends;
  private long queuedBytes;
  private boolean writeInFlight;
  private boolean restoreNagleAfterWrite;
  private boolean sendShutdown;
  private boolean finSent;
  private ActorRef<DisconnectCompleted> disconnectReplyTo;
  private ActorRef<DisconnectCompleted> abortReplyTo;

  // receive
  private ByteString received = ByteString.emptyByteString();
  private long indicatedBytes;
  private boolean readRequested;
  private boolean windowStalled;
  // With selector-reads: the channel's registration with a read selector, and the bytes granted
  // to it that have not arrived yet (they count against the window like bytes received).
  private ReadSelector.Registration selectorReads;
  private long readCredit;
  // The channel the read selector takes over after settings.readSelectorAfter() Pekko IO reads;
  // null when it never will (off, no channel, already taken over, or the stream ended).
  private java.nio.channels.SocketChannel selectorChannel;
  private int pekkoReads;
  private boolean peerClosed;
  private WskStatus abortStatus;
  private ArrayDeque<PendingReceive> receives; // posted receives; null until the first
  private Indication currentIndication;
  private final RetainedIndications retained = new RetainedIndications();
  private long nextIndicationId = 1;

  // close
  private List<ActorRef<CloseCompleted>> closeReplyTos = List.of(); // a list once one is added
  private boolean closing;
  private boolean closedNormally;
  private boolean selfCloseRequested;

  private ConnectionSocketActor(
      ActorContext<Object> ctx,
      WskSettings settings,
      AddressFamily family,
      ActorRef<ConnectionSocket.Event> handler) {
    this.ctx = ctx;
    this.timers = new SocketTimers(ctx);
    this.settings = settings;
    this.metrics = WskMetrics.get(ctx.getSystem());
    this.family = family;
    this.self = ctx.getSelf().narrow();
    if (handler != null) setHandler(handler);
  }

  private void addStaticEvents(Set<WskEvent> events) {
    for (WskEvent e : events) if (e.isConnectionEvent()) enabled.add(e);
  }

  private void setHandler(ActorRef<ConnectionSocket.Event> h) {
    this.handler = h;
    getContext().watch(h);
  }

  private void startAccepted(
      ConnectionTransport t, InetSocketAddress local, InetSocketAddress remote, AcceptMode mode) {
    attachTransport(t, local, remote);
    if (mode instanceof ByRequest r) {
      adopt(r.handler(), Set.of(), r.replyTo());
    } else if (mode instanceof ByEvent e) {
      offerByEvent(e);
    } else if (mode instanceof Inspecting i) {
      awaitingDecision = true;
      inspectPending = true;
      inspectId = i.inspectId();
      inspectingListener = i.listenerActor();
      startDecisionTimer();
      i.listenHandler()
          .tell(
              new InspectEvent(
                  i.listener(), local, remote, inspectId, getContext().getSelf().narrow()));
    } else {
      awaitingDecision = true;
      startDecisionTimer();
    }
  }

  private Behavior<Object> offerByEvent(ByEvent e) {
    awaitingDecision = true;
    inheritedEvents = e.inherited();
    startDecisionTimer();
    e.listenHandler()
        .tell(
            new AcceptEvent(
                e.listener(), localAddress, remoteAddress, self, getContext().getSelf().narrow()));
    return this;
  }

  private void attachTransport(
      ConnectionTransport t, InetSocketAddress local, InetSocketAddress remote) {
    transport = t;
    transportAlive = true;
    localAddress = local;
    remoteAddress = remote;
    state = State.CONNECTED;
    if (t.lifecycle() != null) getContext().watch(t.lifecycle());
    t.register();
    selectorReads = t.reads(); // a transport read by a selector from the start
    if (selectorReads == null && settings.selectorReads()) selectorChannel = t.channel();
    maybeStartSelectorReads();
    pump();
  }

  /**
   * Hands reading to a read selector once the connection has had its Pekko IO reads: a connection
   * that says one thing and closes never pays for the registration. Called with no Pekko IO read
   * outstanding, so the channel is never read by both.
   */
  private void maybeStartSelectorReads() {
    if (selectorChannel != null && !readRequested && pekkoReads >= settings.readSelectorAfter()) {
      selectorReads =
          ReadSelectors.get(getContext().getSystem())
              .next()
              .register(selectorChannel, getContext().getSelf());
      selectorChannel = null;
    }
  }

  private void abortTransport() {
    stopSelectorReads();
    transport.abort();
  }

  private void stopSelectorReads() {
    selectorChannel = null;
    if (selectorReads != null) {
      selectorReads.cancel();
      selectorReads = null;
      readCredit = 0;
    }
  }

  private void adopt(
      ActorRef<ConnectionSocket.Event> h, Set<WskEvent> events, ActorRef<AcceptCompleted> replyTo) {
    awaitingDecision = false;
    cancelDecisionTimer();
    setHandler(h);
    for (WskEvent e : events) {
      if (e.isConnectionEvent()) enableEvent(e);
    }
    if (replyTo != null) {
      replyTo.tell(
          new AcceptCompleted(WskStatus.STATUS_SUCCESS, self, localAddress, remoteAddress));
    }
    metrics.connectionsAccepted.increment();
    pump();
  }

  // ---- dispatch table ------------------------------------------------------------------------

  @Override
  public Behavior<Object> receive(TypedActorContext<Object> context, Object message) {
    // One dispatch method, not a ReceiveBuilder table per socket: the table cost about a kilobyte
    // per connection and a case walk per message; a built receive still cost ~250 bytes per
    // socket, hence ExtensibleBehavior (see docs/benchmarks/optimisations.md).
    return dispatch(message);
  }

  @Override
  public Behavior<Object> receiveSignal(TypedActorContext<Object> context, Signal signal) {
    if (signal instanceof Terminated t) return onTerminated(t);
    if (signal instanceof PostStop) return onPostStop();
    return Behaviors.unhandled();
  }

  /** This socket's actor context (the role {@code AbstractBehavior.getContext()} plays). */
  private ActorContext<Object> getContext() {
    return ctx;
  }

  /** The options as a map of this socket's own, copied from the shared snapshot on first use. */
  private Map<SocketOption<?>, Object> mutableOptions() {
    if (!(options instanceof HashMap)) options = new HashMap<>(options);
    return options;
  }

  /** The dispatch table, most frequent messages first. */
  private Behavior<Object> dispatch(Object m) {
    if (m instanceof ReadSelector.Read r) return onSelectorRead(r);
    if (m instanceof Tcp.Received r) return onReceived(r);
    if (m == WriteAck.INSTANCE) return onWriteAck();
    if (Requests.lacksReplyTo(m)) return Requests.dropped(getContext(), m);
    if (m instanceof Send x) return onSend(x);
    if (m instanceof ReceiveEventResponse x) return onReceiveEventResponse(x);
    if (m instanceof Release x) return onRelease(x);
    if (m instanceof Receive x) return onReceive(x);
    if (m instanceof Tcp.ConnectionClosed x) return onConnectionClosed(x);
    if (m == LoopTcpTransport.Released.INSTANCE) return onTransportReleased();
    if (m == ReadSelector.EndOfStream.INSTANCE) return onSelectorEndOfStream();
    if (m instanceof ReadSelector.Failed x) return onSelectorReadFailed(x);
    if (m instanceof Tcp.Connected x) return onConnected(x);
    if (m instanceof Tcp.CommandFailed x) return onCommandFailed(x);
    if (m instanceof LocalBindFailed x) return onLocalBindFailed(x);
    if (m instanceof Bind x) return onBind(x);
    if (m instanceof Connect x) return onConnect(x);
    if (m instanceof ConnectEx x) return onConnectEx(x);
    if (m instanceof StartSocketConnect x) return onStartSocketConnect(x);
    if (m instanceof GetLocalAddress x) return onGetLocalAddress(x);
    if (m instanceof GetRemoteAddress x) return onGetRemoteAddress(x);
    if (m instanceof Disconnect x) return onDisconnect(x);
    if (m instanceof SetOption<?> x) return onSetOption(x);
    if (m instanceof GetOption<?> x) return onGetOption(x);
    if (m instanceof Ioctl<?, ?> x) return onIoctl(x);
    if (m instanceof CloseSocket x) return onCloseSocket(x);
    if (m == ForceClose.INSTANCE) return startClose(null);
    if (m instanceof AcceptEventResponse x) return onAcceptDecision(x);
    if (m instanceof Adopt x) return onAdopt(x);
    if (m instanceof ByEvent x) return offerByEvent(x);
    if (m instanceof InspectAction x) return onInspectAction(x);
    if (m instanceof InspectDecision x) return onInspectDecision(x);
    if (m instanceof Accept x) {
      return wrongRole(
          x.replyTo(),
          new AcceptCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null, null, null));
    }
    if (m instanceof Listen x) {
      return wrongRole(
          x.replyTo(), new ListenCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null));
    }
    if (m instanceof InspectComplete x) {
      return wrongRole(
          x.replyTo(), new InspectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, x.inspectId()));
    }
    if (m instanceof DecisionTimedOut x) return onDecisionTimedOut(x);
    if (m instanceof ReceiveTimedOut x) return onReceiveTimedOut(x);
    if (m == FaultInjection.Crash.INSTANCE) throw new FaultInjection.InjectedFailure();
    return Behaviors.unhandled();
  }

  // ---- bind and connect ----------------------------------------------------------------------

  private Behavior<Object> onBind(Bind m) {
    if (closing) {
      m.replyTo().tell(new BindCompleted(WskStatus.STATUS_CANCELLED, null));
    } else if (state != State.OPEN) {
      m.replyTo().tell(new BindCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null));
    } else {
      WskStatus bad = Addresses.checkLocal(m.localAddress(), family);
      if (bad != null) {
        m.replyTo().tell(new BindCompleted(bad, null));
      } else {
        // Pekko IO binds an outgoing socket when it connects; the address is kept until then.
        localAddress = m.localAddress();
        state = State.BOUND;
        m.replyTo().tell(new BindCompleted(WskStatus.STATUS_SUCCESS, localAddress));
      }
    }
    return this;
  }

  private Behavior<Object> onConnect(Connect m) {
    WskStatus bad = checkConnect(m.remoteAddress(), m.timeout());
    if (bad != null) {
      m.replyTo().tell(new ConnectCompleted(bad, null, null));
    } else {
      connectReplyTo = m.replyTo();
      startConnect(m.remoteAddress(), m.timeout(), ByteString.emptyByteString());
    }
    return this;
  }

  private Behavior<Object> onConnectEx(ConnectEx m) {
    WskStatus bad = checkConnect(m.remoteAddress(), m.timeout());
    if (bad == null && m.flags() != 0) bad = WskStatus.STATUS_INVALID_PARAMETER;
    ByteString data = m.initialData() == null ? ByteString.emptyByteString() : m.initialData();
    if (bad == null && data.size() > ConnectEx.MAX_INITIAL_DATA) {
      bad = WskStatus.STATUS_BUFFER_OVERFLOW;
    }
    if (bad != null) {
      m.replyTo().tell(new ConnectCompleted(bad, null, null));
    } else {
      connectReplyTo = m.replyTo();
      startConnect(m.remoteAddress(), m.timeout(), data);
    }
    return this;
  }

  private Behavior<Object> onStartSocketConnect(StartSocketConnect m) {
    WskStatus bad = Addresses.checkLocal(m.local(), family);
    if (bad == null) {
      localAddress = m.local();
      state = State.BOUND;
      bad = checkConnect(m.remote(), m.timeout());
    }
    if (bad != null) {
      m.replyTo().tell(new SocketConnectCompleted(bad, null, null, null));
      return finishClose();
    }
    socketConnectReplyTo = m.replyTo();
    startConnect(m.remote(), m.timeout(), ByteString.emptyByteString());
    return this;
  }

  private WskStatus checkConnect(InetSocketAddress remote, Duration timeout) {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (closing) return WskStatus.STATUS_CANCELLED;
    if (state != State.BOUND) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    return Addresses.checkRemote(remote, family);
  }

  private void startConnect(InetSocketAddress remote, Duration timeout, ByteString initialData) {
    state = State.CONNECTING;
    remoteAddress = remote;
    connectInitialData = initialData;
    InetSocketAddress local =
        localAddress != null
                && localAddress.getPort() == 0
                && localAddress.getAddress().isAnyLocalAddress()
            ? null
            : localAddress;
    // The capture binds (last, after SO_REUSEADDR): see SocketCapture.Single for why not Pekko IO.
    ActorRef<Object> me = getContext().getSelf();
    connectCapture = new SocketCapture.Single(local, e -> me.tell(new LocalBindFailed(e)));
    List<Inet.SocketOption> opts = new ArrayList<>(TcpOptions.beforeConnect(options));
    opts.add(connectCapture);
    org.apache.pekko.actor.ActorRef classicSelf = Adapter.toClassic(getContext().getSelf());
    Tcp.get(getContext().getSystem())
        .manager()
        .tell(
            TcpMessage.connect(
                remote,
                null,
                opts,
                timeout == null ? null : scala.jdk.javaapi.DurationConverters.toScala(timeout),
                true),
            classicSelf);
  }

  private Behavior<Object> onConnected(Tcp.Connected m) {
    org.apache.pekko.actor.ActorRef connection = Adapter.toClassic(getContext()).sender();
    if (state != State.CONNECTING) {
      connection.tell(TcpMessage.abort(), Adapter.toClassic(getContext().getSelf()));
      return this;
    }
    attachTransport(
        new PekkoTcpTransport(
            connection, Adapter.toClassic(getContext().getSelf()), connectCapture.socket()),
        m.localAddress(),
        m.remoteAddress());
    connectCapture = null;
    if (closing) {
      abortTransport();
      return this;
    }
    if (!connectInitialData.isEmpty()) {
      // ConnectEx: the initial data goes first; the connect completes when it was taken.
      enqueueSend(new PendingSend(connectInitialData, 0, null, 0));
      connectInitialData = ByteString.emptyByteString();
    } else {
      completeConnect(WskStatus.STATUS_SUCCESS);
    }
    return this;
  }

  private void completeConnect(WskStatus status) {
    if (status.isSuccess()) metrics.connectionsConnected.increment();
    if (connectReplyTo != null) {
      connectReplyTo.tell(
          status.isSuccess()
              ? new ConnectCompleted(status, localAddress, remoteAddress)
              : new ConnectCompleted(status, null, null));
      connectReplyTo = null;
    }
    if (socketConnectReplyTo != null) {
      socketConnectReplyTo.tell(
          status.isSuccess()
              ? new SocketConnectCompleted(status, self, localAddress, remoteAddress)
              : new SocketConnectCompleted(status, null, null, null));
      socketConnectReplyTo = null;
      // A failed SocketConnect closes the socket it created; the caller never saw it.
      if (!status.isSuccess()) selfCloseRequested = true;
    }
  }

  private Behavior<Object> onCommandFailed(Tcp.CommandFailed m) {
    Tcp.Command cmd = m.cmd();
    Throwable cause = m.cause().isDefined() ? m.cause().get() : null;
    if (cmd instanceof Tcp.Connect) {
      return connectFailed(cause);
    } else {
      // A write was refused: only one is ever in flight, so the transport is broken.
      log().warn("Transport refused [{}], resetting", cmd);
      transportLost(WskStatus.STATUS_CONNECTION_ABORTED);
      if (transportAlive) abortTransport();
    }
    return closeIfRequested();
  }

  private Behavior<Object> connectFailed(Throwable cause) {
    WskStatus status = Statuses.of(cause, WskStatus.STATUS_CONNECTION_REFUSED);
    log().debug("Connect to [{}] failed: {}", remoteAddress, status);
    state = State.DEAD;
    connectCapture = null;
    remoteAddress = null;
    if (closing) return finishClose();
    completeConnect(status);
    return closeIfRequested();
  }

  private Behavior<Object> onLocalBindFailed(LocalBindFailed m) {
    if (state != State.CONNECTING) return this; // closed meanwhile
    return connectFailed(m.cause());
  }

  private Behavior<Object> closeIfRequested() {
    if (awaitingDecision && inspectingListener != null) return reportLostBeforeHandOver();
    return selfCloseRequested && !closing ? startClose(null) : this;
  }

  private Behavior<Object> onGetLocalAddress(GetLocalAddress m) {
    m.replyTo()
        .tell(
            localAddress == null
                ? new AddressCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null)
                : new AddressCompleted(WskStatus.STATUS_SUCCESS, localAddress));
    return this;
  }

  private Behavior<Object> onGetRemoteAddress(GetRemoteAddress m) {
    boolean connected = state == State.CONNECTED || (state == State.DEAD && transport != null);
    m.replyTo()
        .tell(
            connected && remoteAddress != null
                ? new AddressCompleted(WskStatus.STATUS_SUCCESS, remoteAddress)
                : new AddressCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null));
    return this;
  }

  // ---- accept decision -----------------------------------------------------------------------

  private Behavior<Object> onAcceptDecision(AcceptEventResponse m) {
    if (!awaitingDecision) return this;
    if (m instanceof AcceptEventResponse.Accepted a && a.handler() != null) {
      Set<WskEvent> events = EnumSet.noneOf(WskEvent.class);
      events.addAll(a.events());
      events.addAll(inheritedEvents);
      adopt(a.handler(), events, null);
      return this;
    }
    log().debug("Accept of [{}] rejected", remoteAddress);
    return rejectAccepted();
  }

  private Behavior<Object> onAdopt(Adopt m) {
    if (!awaitingDecision || closing) {
      m.acceptReplyTo().tell(new AcceptCompleted(WskStatus.STATUS_CANCELLED, null, null, null));
      return this;
    }
    adopt(m.handler(), Set.of(), m.acceptReplyTo());
    return this;
  }

  private <R> Behavior<Object> wrongRole(ActorRef<R> replyTo, R reply) {
    if (replyTo != null) replyTo.tell(reply);
    return this;
  }

  /** The listen handler's reply to the InspectEvent. */
  private Behavior<Object> onInspectAction(InspectAction action) {
    if (!inspectPending) return this;
    if (action == InspectAction.PEND) {
      cancelDecisionTimer(); // InspectComplete decides, without a deadline
      return this;
    }
    return inspectDecided(action);
  }

  private Behavior<Object> onInspectDecision(InspectDecision m) {
    if (!inspectPending) {
      m.replyTo().tell(new InspectCompleted(WskStatus.STATUS_INVALID_PARAMETER, inspectId));
      return this;
    }
    m.replyTo().tell(new InspectCompleted(WskStatus.STATUS_SUCCESS, inspectId));
    return inspectDecided(m.action());
  }

  private Behavior<Object> inspectDecided(InspectAction action) {
    inspectPending = false;
    if (action == InspectAction.ACCEPT && !closing) {
      // On to a queued Accept, an AcceptEvent or the parked list; the listener decides which.
      startDecisionTimer();
      inspectingListener.tell(
          new ListenSocketActor.InspectAccepted(inspectId, getContext().getSelf()));
      return this;
    }
    inspectingListener.tell(new ListenSocketActor.InspectRejected(inspectId));
    return rejectAccepted();
  }

  /** An inspected connection that was not handed over yet went away: the listener reports it. */
  private Behavior<Object> reportLostBeforeHandOver() {
    if (awaitingDecision && inspectingListener != null && abortStatus != null && !closing) {
      inspectingListener.tell(new ListenSocketActor.InspectedConnectionLost(inspectId));
      awaitingDecision = false;
      return startClose(null);
    }
    return this;
  }

  private void startDecisionTimer() {
    timers.start(
        DECISION_TIMER,
        new DecisionTimedOut(++decisionGeneration),
        settings.acceptDecisionTimeout());
  }

  private void cancelDecisionTimer() {
    timers.cancel(DECISION_TIMER);
    decisionGeneration++; // a deadline already in the mailbox is stale now
  }

  private Behavior<Object> onDecisionTimedOut(DecisionTimedOut m) {
    if (m.generation() != decisionGeneration) return this;
    timers.fired(DECISION_TIMER);
    if (!awaitingDecision) return this;
    if (inspectPending && inspectingListener != null) {
      inspectingListener.tell(new ListenSocketActor.InspectRejected(inspectId));
    }
    log().debug("No accept decision for [{}] in time, resetting", remoteAddress);
    return rejectAccepted();
  }

  private Behavior<Object> rejectAccepted() {
    awaitingDecision = false;
    return startClose(null);
  }

  // ---- send ----------------------------------------------------------------------------------

  private Behavior<Object> onSend(Send m) {
    send(m, 0);
    return this;
  }

  /** Validates and queues a send; {@code releaseId}: the indication to release when it is done. */
  private void send(Send m, long releaseId) {
    ByteString data = m.data();
    WskStatus bad = null;
    if (data == null) bad = WskStatus.STATUS_INVALID_PARAMETER;
    else if ((m.flags() & ~WskFlags.WSK_FLAG_NODELAY) != 0) bad = WskStatus.STATUS_NOT_SUPPORTED;
    else if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (abortStatus != null) bad = abortStatus;
    else if (state != State.CONNECTED || sendShutdown) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    else if (queuedBytes > 0 && queuedBytes + data.size() > settings.sendQueueLimit()) {
      bad = WskStatus.STATUS_INSUFFICIENT_RESOURCES;
      metrics.sendQueueRejections.increment();
    }
    if (bad != null) {
      m.replyTo().tell(new SendCompleted(bad, 0));
      releaseIndication(releaseId);
    } else {
      enqueueSend(new PendingSend(data, m.flags(), m.replyTo(), releaseId));
    }
  }

  private void enqueueSend(PendingSend s) {
    queueSend(s);
    flushWrites();
  }

  private void queueSend(PendingSend s) {
    if (sends == null) sends = new ArrayDeque<>(1);
    sends.add(s);
    queuedBytes += s.data().size();
  }

  private boolean sendsQueued() {
    return sends != null && sends.size() > inFlightSends;
  }

  /**
   * Writes queued sends, coalesced up to max-write-size per write. With direct writes, bytes the
   * kernel takes at once complete their sends here; otherwise (or for a remainder) one Pekko IO
   * Write is in flight until its ack.
   */
  private void flushWrites() {
    while (!writeInFlight && transportAlive && !finSent) {
      if (!sendsQueued()) {
        maybeSendFin();
        return;
      }
      // Nothing is in flight here: every write before this one has completed its sends.
      ByteString batch = ByteString.emptyByteString();
      boolean nodelay = false;
      for (PendingSend s : sends) {
        if (inFlightSends > 0 && batch.size() + s.data().size() > settings.maxWriteSize()) break;
        inFlightSends++;
        batch = batch.concat(s.data());
        nodelay |= (s.flags() & WskFlags.WSK_FLAG_NODELAY) != 0;
      }
      if (batch.isEmpty()) {
        completeInFlightSends();
        continue;
      }
      if (nodelay && Boolean.FALSE.equals(options.get(SocketOption.TCP_NODELAY))) {
        // WSK_FLAG_NODELAY: push this data at once although Nagle is on; restored after the write.
        restoreNagleAfterWrite = TcpOptions.setNoDelay(transport.socket(), true);
      }
      int written = settings.directWrites() ? transport.writeNow(batch) : -1;
      if (written == batch.size()) {
        restoreNagle();
        completeInFlightSends();
        continue;
      }
      writeInFlight = true;
      transport.write(written > 0 ? batch.drop(written) : batch, WriteAck.INSTANCE);
    }
  }

  private Behavior<Object> onWriteAck() {
    writeInFlight = false;
    restoreNagle();
    completeInFlightSends();
    flushWrites();
    return this;
  }

  private void restoreNagle() {
    if (restoreNagleAfterWrite) {
      TcpOptions.setNoDelay(transport.socket(), false);
      restoreNagleAfterWrite = false;
    }
  }

  private void completeInFlightSends() {
    boolean released = false;
    for (; inFlightSends > 0; inFlightSends--) {
      PendingSend s = sends.poll();
      queuedBytes -= s.data().size();
      metrics.bytesSent.add(s.data().size());
      if (s.replyTo() != null) {
        s.replyTo().tell(new SendCompleted(WskStatus.STATUS_SUCCESS, s.data().size()));
      } else if (connectReplyTo != null || socketConnectReplyTo != null) {
        completeConnect(WskStatus.STATUS_SUCCESS);
      }
      released |= releaseIndication(s.releaseId());
    }
    if (released) pump(); // the window has room again
  }

  private void failSends(WskStatus status) {
    if (sends != null) {
      for (PendingSend s : sends) {
        if (s.replyTo() != null) s.replyTo().tell(new SendCompleted(status, 0));
        releaseIndication(s.releaseId());
      }
      sends.clear();
    }
    inFlightSends = 0;
    queuedBytes = 0;
    writeInFlight = false;
  }

  // ---- disconnect ----------------------------------------------------------------------------

  private Behavior<Object> onDisconnect(Disconnect m) {
    boolean abortive = (m.flags() & WskFlags.WSK_FLAG_ABORTIVE) != 0;
    WskStatus bad = null;
    if ((m.flags() & ~WskFlags.WSK_FLAG_ABORTIVE) != 0) bad = WskStatus.STATUS_NOT_SUPPORTED;
    else if (abortive && m.finalData() != null && !m.finalData().isEmpty()) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (state != State.CONNECTED || abortStatus != null) {
      bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    } else if (sendShutdown && !abortive) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    if (bad != null) {
      m.replyTo().tell(new DisconnectCompleted(bad));
      return this;
    }
    if (abortive) {
      failSends(WskStatus.STATUS_CANCELLED);
      if (disconnectReplyTo != null) {
        disconnectReplyTo.tell(new DisconnectCompleted(WskStatus.STATUS_CANCELLED));
        disconnectReplyTo = null;
      }
      abortStatus = WskStatus.STATUS_CONNECTION_ABORTED;
      localAbort = true;
      sendShutdown = true;
      if (transportAlive) {
        abortReplyTo = m.replyTo();
        abortTransport();
      } else {
        m.replyTo().tell(new DisconnectCompleted(WskStatus.STATUS_SUCCESS));
      }
      pump();
      return this;
    }
    sendShutdown = true;
    disconnectReplyTo = m.replyTo();
    if (m.finalData() != null && !m.finalData().isEmpty()) {
      queueSend(new PendingSend(m.finalData(), 0, null, 0));
    }
    flushWrites();
    return this;
  }

  private void maybeSendFin() {
    if (!sendShutdown || finSent || writeInFlight || sendsQueued() || abortStatus != null) {
      return;
    }
    finSent = true;
    if (transportAlive) transport.confirmedClose();
    if (disconnectReplyTo != null) {
      disconnectReplyTo.tell(new DisconnectCompleted(WskStatus.STATUS_SUCCESS));
      disconnectReplyTo = null;
    }
  }

  // ---- receive -------------------------------------------------------------------------------

  private Behavior<Object> onReceive(Receive m) {
    int flags = m.flags();
    boolean waitAll = (flags & WskFlags.WSK_FLAG_WAITALL) != 0;
    boolean drain = (flags & WskFlags.WSK_FLAG_DRAIN) != 0;
    WskStatus bad = null;
    if ((flags & ~(WskFlags.WSK_FLAG_WAITALL | WskFlags.WSK_FLAG_DRAIN)) != 0) {
      bad = WskStatus.STATUS_NOT_SUPPORTED;
    } else if (m.maxBytes() < 0 || (waitAll && drain) || (drain && m.maxBytes() != 0)) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (m.timeout() != null && (m.timeout().isNegative() || m.timeout().isZero())) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) {
      bad = WskStatus.STATUS_CANCELLED;
    } else if (state != State.CONNECTED && !(state == State.DEAD && transport != null)) {
      bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    }
    if (bad != null) {
      m.replyTo().tell(new ReceiveCompleted(bad, ByteString.emptyByteString()));
      return this;
    }
    PendingReceive r = new PendingReceive(m);
    if (receives == null) receives = new ArrayDeque<>(1);
    receives.add(r);
    receiveEventsPaused = false; // a posted receive re-arms paused receive events
    if (m.timeout() != null) timers.start(r, new ReceiveTimedOut(r), m.timeout());
    pump();
    return this;
  }

  private Behavior<Object> onReceiveTimedOut(ReceiveTimedOut m) {
    timers.fired(m.receive());
    if (receives != null && receives.remove(m.receive())) {
      m.receive()
          .request
          .replyTo()
          .tell(new ReceiveCompleted(WskStatus.STATUS_IO_TIMEOUT, ByteString.emptyByteString()));
    }
    return this;
  }

  private Behavior<Object> onReceived(Tcp.Received m) {
    readRequested = false;
    pekkoReads++;
    maybeStartSelectorReads();
    return took(m.data());
  }

  private Behavior<Object> onSelectorRead(ReadSelector.Read m) {
    if (selectorReads == null) return this; // read before the registration ended: dropped
    readCredit -= m.data().size();
    return took(m.data());
  }

  /** Bytes read from the transport, by Pekko IO or the read selector. */
  private Behavior<Object> took(ByteString data) {
    metrics.bytesReceived.add(data.size());
    received = received.concat(data);
    pump();
    return this;
  }

  /** The read selector ended the registration itself (end of stream, error): nothing to cancel. */
  private void selectorEnded() {
    selectorReads = null;
    readCredit = 0;
  }

  private Behavior<Object> onSelectorEndOfStream() {
    // The peer's FIN: Pekko IO reads it again (a closed stream stays at its end) and reports it as
    // PeerClosed, or ConfirmedClosed after our own FIN, as it does without selector reads.
    selectorEnded();
    if (transportAlive && abortStatus == null) {
      readRequested = true;
      transport.resumeReading();
    }
    return this;
  }

  private Behavior<Object> onSelectorReadFailed(ReadSelector.Failed m) {
    selectorEnded();
    if (!transportAlive || abortStatus != null) return this;
    // The kernel reports a reset once: Pekko IO would only read the end of the stream now, so the
    // socket ends the connection with the error's status itself.
    WskStatus status =
        Statuses.ofMessage(m.cause().getMessage(), WskStatus.STATUS_CONNECTION_RESET);
    log().debug("Connection to [{}] lost: {}", remoteAddress, m.cause().getMessage());
    abortTransport();
    transportLost(status);
    return closeIfRequested();
  }

  private Behavior<Object> onReceiveEventResponse(ReceiveEventResponse m) {
    Indication ind = currentIndication;
    if (ind == null) {
      log().debug("Reply [{}] without an outstanding receive event ignored", m);
      // Answers carried by the reply are not lost silently: their senders hear it was not taken.
      Requests.refuseAnswers(m, WskStatus.STATUS_INVALID_PARAMETER);
      return this;
    }
    currentIndication = null;
    int size = ind.data().size();
    if (m instanceof ReceiveEventResponse.Consumed c) {
      indicatedBytes -= size;
      if (c.bytes() >= 0 && c.bytes() < size) {
        received = ind.data().drop((int) c.bytes()).concat(received);
        receiveEventsPaused = true;
      }
    } else if (m instanceof ReceiveEventResponse.Retained) {
      retained.put(ind.id(), size);
    } else if (m instanceof ReceiveEventResponse.RetainedUntilSentTo) {
      // Datagram answers have no place on a connection: the bytes are taken, the sends fail.
      indicatedBytes -= size;
      Requests.refuseAnswers(m, WskStatus.STATUS_NOT_SUPPORTED);
    } else if (m instanceof ReceiveEventResponse.RetainedUntilSent r) {
      retained.put(ind.id(), size);
      if (r.send().replyTo() == null) {
        Requests.dropped(getContext(), r.send());
        releaseIndication(ind.id());
      } else {
        send(r.send(), ind.id());
      }
    } else {
      indicatedBytes -= size;
      received = ind.data().concat(received);
      receiveEventsPaused = true;
    }
    pump();
    return this;
  }

  /**
   * Gives a retained indication's bytes back to the window; the caller pumps.
   *
   * @return whether {@code id} was retained (0 never is)
   */
  private boolean releaseIndication(long id) {
    if (id == 0) return false;
    int size = retained.remove(id);
    if (size < 0) return false;
    indicatedBytes -= size;
    return true;
  }

  private Behavior<Object> onRelease(Release m) {
    boolean released = releaseIndication(m.indicationId());
    if (m.replyTo() != null) {
      m.replyTo()
          .tell(
              new ReleaseCompleted(
                  released ? WskStatus.STATUS_SUCCESS : WskStatus.STATUS_INVALID_PARAMETER,
                  m.indicationId()));
    }
    pump();
    return this;
  }

  /** Whether posted receives are waiting (the deque is made with the first one). */
  private boolean receivesQueued() {
    return receives != null && !receives.isEmpty();
  }

  /** Serves posted receives, then events, then asks the transport for more if the window allows. */
  private void pump() {
    while (receivesQueued()) {
      PendingReceive r = receives.peek();
      ByteString out = serve(r.request);
      if (out == null) break;
      receives.poll();
      timers.cancel(r);
      WskStatus status =
          out.isEmpty() && !peerClosed && abortStatus != null
              ? abortStatus
              : WskStatus.STATUS_SUCCESS;
      r.request.replyTo().tell(new ReceiveCompleted(status, out));
    }
    if (handler != null && !awaitingDecision && !receivesQueued()) {
      if (enabled.contains(WskEvent.RECEIVE)
          && !receiveEventsPaused
          && currentIndication == null
          && !received.isEmpty()) {
        ByteString data = received;
        received = ByteString.emptyByteString();
        indicatedBytes += data.size();
        currentIndication = new Indication(nextIndicationId++, data);
        handler.tell(
            new ReceiveEvent(
                self, data, currentIndication.id(), 0, getContext().getSelf().narrow()));
      }
      if ((peerClosed || abortStatus != null)
          && received.isEmpty()
          && enabled.contains(WskEvent.DISCONNECT)
          && !disconnectIndicated
          && !localAbort) {
        disconnectIndicated = true;
        handler.tell(new DisconnectEvent(self, abortStatus != null));
      }
    }
    maybeRead();
  }

  /** The bytes a posted receive completes with now, or null when it must wait. */
  private ByteString serve(Receive r) {
    boolean ended = peerClosed || abortStatus != null;
    if ((r.flags() & WskFlags.WSK_FLAG_DRAIN) != 0) {
      received = ByteString.emptyByteString();
      return ended ? ByteString.emptyByteString() : null;
    }
    if (r.maxBytes() == 0) {
      return !received.isEmpty() || ended ? ByteString.emptyByteString() : null;
    }
    if ((r.flags() & WskFlags.WSK_FLAG_WAITALL) != 0 && received.size() < r.maxBytes() && !ended) {
      return null;
    }
    if (received.isEmpty()) return ended ? ByteString.emptyByteString() : null;
    int n = Math.min(r.maxBytes(), received.size());
    ByteString out = received.take(n);
    received = received.drop(n);
    return out;
  }

  private void maybeRead() {
    // A posted receive still queued after pump() waits for data and brings its own buffer: read
    // for it even when the window is full (a WAITALL larger than the window, or retained
    // indications filling it, would otherwise never complete).
    if (transportAlive
        && state == State.CONNECTED
        && !readRequested
        && !peerClosed
        && abortStatus == null) {
      if (selectorReads != null) {
        grantReads();
        return;
      }
      if (received.size() + indicatedBytes < settings.receiveWindow() || receivesQueued()) {
        readRequested = true;
        windowStalled = false;
        transport.resumeReading();
      } else if (!windowStalled) {
        windowStalled = true; // flow control: the peer is pushed back until the window drains
        metrics.receiveWindowStalls.increment();
      }
    }
  }

  /**
   * Grants the read selector the window's room. Granted bytes count as taken until they arrive, so
   * the window bounds what is read; new credit waits for a quarter of the window to be free unless
   * none is left, so a busy connection costs one grant per few reads, not one per read.
   */
  private void grantReads() {
    int window = settings.receiveWindow();
    long room = window - (long) received.size() - indicatedBytes - readCredit;
    if (room <= 0 && readCredit == 0 && receivesQueued()) {
      // A queued posted receive brings its own buffer (see maybeRead): one read's worth more.
      room = settings.readSelectorBufferSize();
    }
    if (room > 0 && (readCredit == 0 || room >= window / 4)) {
      readCredit += room;
      windowStalled = false;
      selectorReads.grant(room);
    } else if (room <= 0 && readCredit == 0 && !windowStalled) {
      windowStalled = true; // flow control: the peer is pushed back until the window drains
      metrics.receiveWindowStalls.increment();
    }
  }

  // ---- transport closed ----------------------------------------------------------------------

  private Behavior<Object> onConnectionClosed(Tcp.ConnectionClosed m) {
    stopSelectorReads();
    if (m.isPeerClosed() || m.isConfirmed()) {
      peerClosed = true;
      readRequested = false;
      if (m.isConfirmed()) transportAlive = false;
      pump();
    } else if (m.isAborted()) {
      transportAlive = false;
      if (abortReplyTo != null) {
        abortReplyTo.tell(new DisconnectCompleted(WskStatus.STATUS_SUCCESS));
        abortReplyTo = null;
      }
      if (abortStatus == null) transportLost(WskStatus.STATUS_CONNECTION_ABORTED);
      pump();
    } else if (m.isErrorClosed()) {
      transportAlive = false;
      WskStatus status = Statuses.ofMessage(m.getErrorCause(), WskStatus.STATUS_CONNECTION_RESET);
      log().debug("Connection to [{}] lost: {}", remoteAddress, m.getErrorCause());
      transportLost(status);
    } else {
      transportAlive = false;
      if (!peerClosed) transportLost(WskStatus.STATUS_CONNECTION_DISCONNECTED);
    }
    return closeIfRequested();
  }

  private void transportLost(WskStatus status) {
    if (abortStatus == null) abortStatus = status;
    readRequested = false;
    failSends(status);
    if (disconnectReplyTo != null) {
      disconnectReplyTo.tell(new DisconnectCompleted(status));
      disconnectReplyTo = null;
    }
    if (abortReplyTo != null) {
      // The transport ended otherwise than with Aborted (an error won the race, or its actor
      // stopped first): the connection is down, which is all an abortive disconnect asks.
      abortReplyTo.tell(new DisconnectCompleted(WskStatus.STATUS_SUCCESS));
      abortReplyTo = null;
    }
    if (connectReplyTo != null || socketConnectReplyTo != null) completeConnect(status);
    pump();
  }

  private Behavior<Object> onTerminated(Terminated t) {
    if (transport != null && t.getRef().equals(transport.lifecycle())) return onTransportReleased();
    if (handler != null && t.getRef().equals(handler)) {
      log().debug("Handler of socket to [{}] stopped, closing", remoteAddress);
      handler = null;
      return startClose(null);
    }
    return this;
  }

  /** The transport's actor stopped, or its channel was closed: the descriptor is released. */
  private Behavior<Object> onTransportReleased() {
    boolean wasAlive = transportAlive;
    transportAlive = false;
    transportTerminated = true;
    stopSelectorReads(); // its channel is closed: the read selector lets go of it
    if (closing) return finishClose();
    if (wasAlive && !(peerClosed && finSent)) transportLost(WskStatus.STATUS_CONNECTION_ABORTED);
    return closeIfRequested();
  }

  // ---- options and IOCTLs --------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
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
    } else if (opt == SocketOption.SO_REUSEADDR
        || opt == SocketOption.SO_EXCLUSIVEADDRUSE
        || opt == SocketOption.IPV6_V6ONLY) {
      status =
          state != State.OPEN && state != State.BOUND
              ? WskStatus.STATUS_INVALID_DEVICE_STATE
              : TcpOptions.checkExclusive(options, opt, value);
      if (status.isSuccess()) mutableOptions().put(opt, value);
    } else if (TcpOptions.isTransportOption(opt)) {
      status = TcpOptions.validate(opt, value);
      if (status.isSuccess()) {
        if (state == State.CONNECTED && transportAlive) {
          status = TcpOptions.apply(transport.socket(), opt, value);
          if (status.isSuccess()) mutableOptions().put(opt, value);
          if (status.isSuccess() && opt == SocketOption.SO_SNDBUF) sendBacklogChanged();
        } else if (state == State.OPEN || state == State.BOUND) {
          mutableOptions().put(opt, value);
        } else {
          status = WskStatus.STATUS_INVALID_DEVICE_STATE;
        }
      }
    } else {
      status = WskStatus.STATUS_NOT_SUPPORTED;
    }
    m.replyTo().tell(new OptionSet(status, opt));
    return this;
  }

  private WskStatus controlEvents(EventCallbackControl c) {
    if (c.events().isEmpty()) return WskStatus.STATUS_INVALID_PARAMETER;
    if (state != State.CONNECTED) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    for (WskEvent e : c.events()) {
      if (!e.isConnectionEvent()) return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (c.disable()) {
      if (c.events().size() != 1) return WskStatus.STATUS_INVALID_PARAMETER;
      enabled.removeAll(c.events());
      return WskStatus.STATUS_SUCCESS;
    }
    for (WskEvent e : c.events()) enableEvent(e);
    pump();
    return WskStatus.STATUS_SUCCESS;
  }

  private void enableEvent(WskEvent e) {
    boolean added = enabled.add(e);
    if (e == WskEvent.RECEIVE) receiveEventsPaused = false;
    if (added && e == WskEvent.SEND_BACKLOG) sendBacklogChanged();
  }

  private void sendBacklogChanged() {
    if (handler != null && enabled.contains(WskEvent.SEND_BACKLOG)) {
      handler.tell(new SendBacklogEvent(self, idealSendBacklog()));
    }
  }

  private long idealSendBacklog() {
    Integer sndbuf = TcpOptions.sendBufferSize(transport == null ? null : transport.socket());
    return sndbuf != null ? sndbuf : settings.maxWriteSize();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGetOption(GetOption m) {
    SocketOption<?> opt = m.option();
    ActorRef replyTo = m.replyTo();
    if (opt == null || opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      replyTo.tell(new OptionValue(WskStatus.STATUS_NOT_SUPPORTED, opt, null));
    } else if (state == State.CONNECTED && transportAlive && TcpOptions.isTransportOption(opt)) {
      Object v = TcpOptions.read(transport.socket(), opt);
      replyTo.tell(
          v == null
              ? new OptionValue(WskStatus.STATUS_NOT_SUPPORTED, opt, null)
              : new OptionValue(WskStatus.STATUS_SUCCESS, opt, v));
    } else {
      Object v = TcpOptions.valueOrDefault(options, opt);
      replyTo.tell(
          v == null
              ? new OptionValue(WskStatus.STATUS_INVALID_DEVICE_STATE, opt, null)
              : new OptionValue(WskStatus.STATUS_SUCCESS, opt, v));
    }
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onIoctl(Ioctl m) {
    IoctlCode code = m.code();
    ActorRef replyTo = m.replyTo();
    if (code == IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG
        || code == IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG) {
      if (state != State.CONNECTED) {
        replyTo.tell(new IoctlCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, code, null));
      } else if (code == IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG) {
        replyTo.tell(new IoctlCompleted(WskStatus.STATUS_SUCCESS, code, idealSendBacklog()));
      } else {
        replyTo.tell(new IoctlCompleted(WskStatus.STATUS_SUCCESS, code, (long) received.size()));
      }
    } else if (code == IoctlCode.SIO_WSK_QUERY_INSPECT_ID && inspectId != null) {
      replyTo.tell(new IoctlCompleted(WskStatus.STATUS_SUCCESS, code, inspectId));
    } else {
      replyTo.tell(new IoctlCompleted(WskStatus.STATUS_INVALID_DEVICE_REQUEST, code, null));
    }
    return this;
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Object> onCloseSocket(CloseSocket m) {
    return startClose(m.replyTo());
  }

  private Behavior<Object> startClose(ActorRef<CloseCompleted> replyTo) {
    if (replyTo != null) {
      if (closeReplyTos.isEmpty()) closeReplyTos = new ArrayList<>(1);
      closeReplyTos.add(replyTo);
    }
    if (closing) return this;
    closing = true;
    cancelPending(WskStatus.STATUS_CANCELLED);
    if (state == State.CONNECTING) {
      // Close the half-open socket now: Pekko IO's connection actor stops with us.
      closeQuietly(connectCapture == null ? null : connectCapture.socket());
      return finishClose();
    }
    if (transport != null && !transportTerminated) {
      // A connection not shut down both ways is reset; one whose peer has closed and whose FIN has
      // gone to the transport (after every queued byte) is already closing gracefully. Either way
      // the reply waits for the transport's end.
      if (!(peerClosed && finSent)) {
        localAbort = true;
        if (transportAlive) abortTransport();
      }
      return this;
    }
    return finishClose();
  }

  private void cancelPending(WskStatus status) {
    failSends(status);
    if (receives != null) {
      for (PendingReceive r : receives) {
        timers.cancel(r);
        r.request.replyTo().tell(new ReceiveCompleted(status, ByteString.emptyByteString()));
      }
      receives.clear();
    }
    if (disconnectReplyTo != null) disconnectReplyTo.tell(new DisconnectCompleted(status));
    disconnectReplyTo = null;
    if (abortReplyTo != null) abortReplyTo.tell(new DisconnectCompleted(WskStatus.STATUS_SUCCESS));
    abortReplyTo = null;
    completeConnect(status);
    retained.clear();
    currentIndication = null;
  }

  private Behavior<Object> finishClose() {
    closedNormally = true;
    state = State.DEAD;
    for (ActorRef<CloseCompleted> r : closeReplyTos) {
      r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
    }
    closeReplyTos = List.of();
    return Behaviors.stopped();
  }

  private static void closeQuietly(Socket s) {
    if (s == null) return;
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private Behavior<Object> onPostStop() {
    timers.cancelAll();
    stopSelectorReads();
    if (closedNormally) return this;
    // The actor failed or was stopped from outside: the socket is dead, tell everyone.
    try {
      if (transportAlive) abortTransport();
      closeQuietly(connectCapture == null ? null : connectCapture.socket());
      cancelPending(WskStatus.STATUS_FILE_FORCED_CLOSED);
      for (ActorRef<CloseCompleted> r : closeReplyTos) {
        r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
      }
      metrics.socketsFailed.increment();
      if (handler != null) {
        handler.tell(new SocketFailedEvent(self, WskStatus.STATUS_FILE_FORCED_CLOSED));
      }
    } catch (RuntimeException e) {
      log().warn("Cleanup of failed socket incomplete", e);
    }
    return this;
  }

  /** The logger, with this socket in the MDC (see {@link SocketLog}). */
  private org.slf4j.Logger log() {
    return SocketLog.with(getContext().getLog(), getContext(), localAddress, remoteAddress);
  }

  /**
   * Retained indications by id, with their sizes. Most sockets hold at most one at a time (an echo
   * retains each indication until its answer is sent), so the first lives in two fields and a map
   * is made only when a second is retained alongside it.
   */
  private static final class RetainedIndications {
    private long soleId; // 0: the slot is empty (indication ids start at 1)
    private int soleSize;
    private Map<Long, Integer> more;

    void put(long id, int size) {
      if (soleId == 0) {
        soleId = id;
        soleSize = size;
      } else {
        if (more == null) more = new HashMap<>();
        more.put(id, size);
      }
    }

    /** Removes an indication; its size, or -1 when it is not retained. */
    int remove(long id) {
      if (id != 0 && id == soleId) {
        soleId = 0;
        return soleSize;
      }
      Integer size = more == null ? null : more.remove(id);
      return size == null ? -1 : size;
    }

    void clear() {
      soleId = 0;
      if (more != null) more.clear();
    }
  }
}
