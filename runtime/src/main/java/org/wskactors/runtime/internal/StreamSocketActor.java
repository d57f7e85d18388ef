package org.wskactors.runtime.internal;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;
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
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectCompleted;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
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
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the stream socket while its role is undecided. Its public face is {@code
 * ActorRef<StreamSocket.Command>}.
 *
 * <p>It keeps the options and the address given to {@link Bind}; {@link Listen} turns the actor
 * into a {@link ListenSocketActor} (which binds and listens through Pekko IO at that moment), and
 * {@link Connect} / {@link ConnectEx} into a {@link ConnectionSocketActor} that handles the request
 * at once. This is the behaviour switch the design asks for: the same actor, a new dispatch table.
 * Before a role, role-specific requests complete {@link WskStatus#STATUS_INVALID_DEVICE_STATE};
 * after it, the other role's requests do.
 */
public final class StreamSocketActor extends AbstractBehavior<Object> {

  /**
   * A new, undecided stream socket.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param handler its event handler
   * @param client the client actor (spawns accepted sockets)
   * @param staticEvents events enabled from the start
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<StreamSocket.Event> handler,
      ActorRef<Object> client,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new StreamSocketActor(
                        ctx, timers, settings, family, handler, client, staticEvents)));
  }

  private final TimerScheduler<Object> timers;
  private final WskSettings settings;
  private final AddressFamily family;
  private final ActorRef<StreamSocket.Event> handler;
  private final ActorRef<Object> client;
  private final Set<WskEvent> staticEvents;
  private final Map<SocketOption<?>, Object> options = new HashMap<>();
  private InetSocketAddress bindAddress;
  private boolean closedNormally;

  private StreamSocketActor(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      WskSettings settings,
      AddressFamily family,
      ActorRef<StreamSocket.Event> handler,
      ActorRef<Object> client,
      Set<WskEvent> staticEvents) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.family = family;
    this.handler = handler;
    this.client = client;
    this.staticEvents = staticEvents;
    ctx.watch(handler);
  }

  /** Undecided again after a failed Listen, with the same options and address. */
  private StreamSocketActor undecidedAgain() {
    StreamSocketActor s =
        new StreamSocketActor(
            getContext(), timers, settings, family, handler, client, staticEvents);
    s.options.putAll(options);
    s.bindAddress = bindAddress;
    return s;
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(Bind.class, this::onBind)
        .onMessage(Listen.class, this::onListen)
        .onMessage(Connect.class, m -> becomeConnection(m, m.replyTo()))
        .onMessage(ConnectEx.class, m -> becomeConnection(m, m.replyTo()))
        .onMessage(GetLocalAddress.class, this::onGetLocalAddress)
        .onMessage(SetOption.class, this::onSetOption)
        .onMessage(GetOption.class, this::onGetOption)
        .onMessage(Ioctl.class, this::onIoctl)
        .onMessage(CloseSocket.class, m -> close(m.replyTo()))
        .onMessage(ConnectionSocketActor.ForceClose.class, m -> close(null))
        .onMessage(
            Accept.class, m -> noRole(m.replyTo(), new AcceptCompleted(state(), null, null, null)))
        .onMessage(
            InspectComplete.class,
            m -> noRole(m.replyTo(), new InspectCompleted(state(), m.inspectId())))
        .onMessage(Send.class, m -> noRole(m.replyTo(), new SendCompleted(state(), 0)))
        .onMessage(
            org.wskactors.protocol.Receive.class,
            m -> noRole(m.replyTo(), new ReceiveCompleted(state(), ByteString.emptyByteString())))
        .onMessage(Disconnect.class, m -> noRole(m.replyTo(), new DisconnectCompleted(state())))
        .onMessage(
            Release.class,
            m -> noRole(m.replyTo(), new ReleaseCompleted(state(), m.indicationId())))
        .onMessage(
            GetRemoteAddress.class, m -> noRole(m.replyTo(), new AddressCompleted(state(), null)))
        .onMessage(
            FaultInjection.Crash.class,
            m -> {
              throw new FaultInjection.InjectedFailure();
            })
        .onSignal(Terminated.class, t -> t.getRef().equals(handler) ? close(null) : this)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private static WskStatus state() {
    return WskStatus.STATUS_INVALID_DEVICE_STATE;
  }

  private <R> Behavior<Object> noRole(ActorRef<R> replyTo, R reply) {
    if (replyTo != null) replyTo.tell(reply);
    return this;
  }

  private Behavior<Object> onBind(Bind m) {
    WskStatus bad = bindAddress != null ? state() : Addresses.checkLocal(m.localAddress(), family);
    if (bad != null) {
      m.replyTo().tell(new BindCompleted(bad, null));
    } else {
      bindAddress = m.localAddress();
      m.replyTo().tell(new BindCompleted(WskStatus.STATUS_SUCCESS, bindAddress));
    }
    return this;
  }

  private Behavior<Object> onGetLocalAddress(GetLocalAddress m) {
    m.replyTo()
        .tell(
            bindAddress == null
                ? new AddressCompleted(state(), null)
                : new AddressCompleted(WskStatus.STATUS_SUCCESS, bindAddress));
    return this;
  }

  private Behavior<Object> onListen(Listen m) {
    if (bindAddress == null) {
      m.replyTo().tell(new ListenCompleted(state(), null));
      return this;
    }
    return ListenSocketActor.forStream(
        getContext(),
        timers,
        settings,
        family,
        handler.unsafeUpcast(),
        client,
        options,
        staticEvents,
        bindAddress,
        (status, address) -> m.replyTo().tell(new ListenCompleted(status, address)),
        this::undecidedAgain);
  }

  private <R> Behavior<Object> becomeConnection(Object request, ActorRef<R> replyTo)
      throws Exception {
    if (bindAddress == null) {
      replyTo.tell(uncheckedCast(new ConnectCompleted(state(), null, null)));
      return this;
    }
    ConnectionSocketActor connection =
        ConnectionSocketActor.forStream(
            getContext(),
            settings,
            family,
            handler.unsafeUpcast(),
            options,
            staticEvents,
            bindAddress);
    // The connection behaviour handles the Connect itself; from now on it is the socket.
    Behavior<Object> next = connection.receive(getContext(), request);
    return next == connection || next == Behaviors.<Object>same() ? connection : next;
  }

  @SuppressWarnings("unchecked")
  private static <R> R uncheckedCast(Object reply) {
    return (R) reply;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onSetOption(SetOption m) {
    SocketOption<?> opt = m.option();
    Object value = m.value();
    WskStatus status;
    if (opt == null || value == null || !opt.type().isInstance(value)) {
      status = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      status = state(); // events belong to a role: after Listen's bind or after Connect
    } else if (!ListenSocketActor.LISTEN_OPTIONS.contains(opt)) {
      status = WskStatus.STATUS_NOT_SUPPORTED;
    } else if (bindAddress != null && !TcpOptions.isTransportOption(opt)) {
      status = state(); // address options only before bind
    } else {
      status = TcpOptions.checkExclusive(options, opt, value);
      if (status.isSuccess() && TcpOptions.isTransportOption(opt)) {
        status = TcpOptions.validate(opt, value);
      }
      if (status.isSuccess()) options.put(opt, value);
    }
    m.replyTo().tell(new OptionSet(status, opt));
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGetOption(GetOption m) {
    SocketOption<?> opt = m.option();
    Object v = opt == null ? null : TcpOptions.valueOrDefault(options, opt);
    ActorRef replyTo = m.replyTo();
    if (opt == null || opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      replyTo.tell(new OptionValue(WskStatus.STATUS_NOT_SUPPORTED, opt, null));
    } else {
      replyTo.tell(
          v == null
              ? new OptionValue(state(), opt, null)
              : new OptionValue(WskStatus.STATUS_SUCCESS, opt, v));
    }
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onIoctl(Ioctl m) {
    ActorRef replyTo = m.replyTo();
    replyTo.tell(new IoctlCompleted(state(), m.code(), null));
    return this;
  }

  private Behavior<Object> close(ActorRef<CloseCompleted> replyTo) {
    closedNormally = true;
    if (replyTo != null) replyTo.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
    return Behaviors.stopped();
  }

  private Behavior<Object> onPostStop() {
    if (!closedNormally) {
      WskMetrics.get(getContext().getSystem()).socketsFailed.increment();
      handler.tell(
          new SocketFailedEvent(getContext().getSelf(), WskStatus.STATUS_FILE_FORCED_CLOSED));
    }
    return this;
  }
}
