package org.wskactors.runtime.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.ControlClientCompleted;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.SocketCategory;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.SocketType;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.protocol.WskTransport;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: one client registration, the provider actor ({@code ActorRef<WskProvider.Command>}
 * outside). Every socket of the client is its child: it creates them, watches them, and on {@link
 * Deregister} closes them all and replies when the last one has stopped. A socket that fails is
 * stopped (never restarted), which the socket reports to its handler.
 */
public final class ClientActor extends AbstractBehavior<Object> {

  /** From a listener: spawn the socket of an accepted connection. */
  public record SpawnAccepted(
      AddressFamily family,
      ConnectionSocketActor.Incoming incoming,
      InetSocketAddress local,
      InetSocketAddress remote,
      ConnectionSocketActor.AcceptMode mode,
      Map<SocketOption<?>, Object> listenerOptions,
      ActorRef<Object> notifyListener,
      InspectId inspectId) {}

  /** For tests and diagnostics: how many sockets the client has open. */
  public record GetSocketCount(ActorRef<Integer> replyTo) {}

  /**
   * A client actor.
   *
   * @param settings runtime settings
   * @param name the client's name
   * @param owner the registering application actor, watched; null for none
   */
  public static Behavior<Object> create(WskSettings settings, String name, ActorRef<?> owner) {
    return Behaviors.setup(ctx -> new ClientActor(ctx, settings, name, owner));
  }

  private final WskSettings settings;
  private final String name;
  private final ActorRef<?> owner;
  private final Props socketProps;
  private final Map<ActorRef<Object>, SocketCategory> sockets = new HashMap<>();
  private final WskMetrics metrics;
  private final List<ControlClient<?, ?>> transportListWatchers = new ArrayList<>();
  private Set<WskEvent> staticEvents = Set.of();
  private boolean anySocketCreated;
  private final List<ActorRef<Deregistered>> deregisterReplyTos = new ArrayList<>();
  private boolean deregistering;
  private int closedByDeregister;
  private long nextId = 1;

  private ClientActor(
      ActorContext<Object> ctx, WskSettings settings, String name, ActorRef<?> owner) {
    super(ctx);
    this.settings = settings;
    this.name = name;
    this.owner = owner;
    this.socketProps = settings.actorProps();
    this.metrics = WskMetrics.get(ctx.getSystem());
    if (owner != null) ctx.watch(owner);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(CreateListenSocket.class, this::onCreateListen)
        .onMessage(CreateConnectionSocket.class, this::onCreateConnection)
        .onMessage(CreateDatagramSocket.class, this::onCreateDatagram)
        .onMessage(CreateStreamSocket.class, this::onCreateStream)
        .onMessage(CreateBasicSocket.class, this::onCreateBasic)
        .onMessage(SocketConnect.class, this::onSocketConnect)
        .onMessage(ControlClient.class, this::onControlClient)
        .onMessage(GetAddressInfo.class, this::onGetAddressInfo)
        .onMessage(GetNameInfo.class, this::onGetNameInfo)
        .onMessage(SpawnAccepted.class, this::onSpawnAccepted)
        .onMessage(Deregister.class, m -> startDeregister(m.replyTo()))
        .onMessage(GetSocketCount.class, this::onGetSocketCount)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private ActorRef<Object> spawnSocket(Behavior<Object> behavior, String kind) {
    anySocketCreated = true;
    ActorRef<Object> ref = getContext().spawn(behavior, kind + "-" + nextId++, socketProps);
    getContext().watch(ref);
    SocketCategory category = categoryOf(kind);
    sockets.put(ref, category);
    metrics.socketOpened(category);
    return ref;
  }

  private static SocketCategory categoryOf(String kind) {
    switch (kind) {
      case "listen":
        return SocketCategory.LISTEN;
      case "conn":
        return SocketCategory.CONNECTION;
      case "dgram":
        return SocketCategory.DATAGRAM;
      case "stream":
        return SocketCategory.STREAM;
      case "basic":
        return SocketCategory.BASIC;
      default:
        throw new IllegalArgumentException("unknown socket kind " + kind);
    }
  }

  /** Creates a socket of one category after the common checks, and replies with its typed ref. */
  private <C> Behavior<Object> createSocket(
      AddressFamily family,
      ActorRef<?> handler,
      ActorRef<SocketCreated<C>> replyTo,
      java.util.function.Supplier<Behavior<Object>> behavior,
      String kind) {
    WskStatus bad = check(family, handler);
    if (bad != null) {
      replyTo.tell(new SocketCreated<>(bad, null));
    } else {
      ActorRef<Object> ref = spawnSocket(behavior.get(), kind);
      replyTo.tell(new SocketCreated<C>(WskStatus.STATUS_SUCCESS, ref.unsafeUpcast()));
    }
    return this;
  }

  private Behavior<Object> onCreateListen(CreateListenSocket m) {
    return createSocket(
        m.family(),
        m.handler(),
        m.replyTo(),
        () ->
            ListenSocketActor.create(
                settings, m.family(), m.handler(), getContext().getSelf(), staticEvents),
        "listen");
  }

  private Behavior<Object> onCreateConnection(CreateConnectionSocket m) {
    return createSocket(
        m.family(),
        m.handler(),
        m.replyTo(),
        () -> ConnectionSocketActor.create(settings, m.family(), m.handler(), staticEvents),
        "conn");
  }

  private Behavior<Object> onSocketConnect(SocketConnect m) {
    AddressFamily family = AddressFamily.of(m.localAddress());
    WskStatus bad =
        family == null ? WskStatus.STATUS_INVALID_PARAMETER : check(family, m.handler());
    if (bad != null) {
      m.replyTo().tell(new SocketConnectCompleted(bad, null, null, null));
      return this;
    }
    ActorRef<Object> ref =
        spawnSocket(
            ConnectionSocketActor.create(settings, family, m.handler(), staticEvents), "conn");
    ref.tell(
        new ConnectionSocketActor.StartSocketConnect(
            m.localAddress(), m.remoteAddress(), m.timeout(), m.replyTo()));
    return this;
  }

  private Behavior<Object> onCreateDatagram(CreateDatagramSocket m) {
    return createSocket(
        m.family(),
        m.handler(),
        m.replyTo(),
        () -> DatagramSocketActor.create(settings, m.family(), m.handler(), staticEvents),
        "dgram");
  }

  private Behavior<Object> onCreateStream(CreateStreamSocket m) {
    return createSocket(
        m.family(),
        m.handler(),
        m.replyTo(),
        () ->
            StreamSocketActor.create(
                settings, m.family(), m.handler(), getContext().getSelf(), staticEvents),
        "stream");
  }

  private Behavior<Object> onCreateBasic(CreateBasicSocket m) {
    return createSocket(
        m.family(),
        getContext().getSelf(),
        m.replyTo(),
        () -> BasicSocketActor.create(settings, m.family()),
        "basic");
  }

  /** The transports this runtime offers: TCP and UDP over IPv4 and IPv6. */
  static final List<WskTransport> TRANSPORTS =
      List.of(
          new WskTransport(0x0100, SocketType.STREAM, 6, AddressFamily.INET),
          new WskTransport(0x0100, SocketType.STREAM, 6, AddressFamily.INET6),
          new WskTransport(0x0100, SocketType.DGRAM, 17, AddressFamily.INET),
          new WskTransport(0x0100, SocketType.DGRAM, 17, AddressFamily.INET6));

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onControlClient(ControlClient m) {
    ClientControlCode code = m.code();
    ActorRef replyTo = m.replyTo();
    if (code == null) {
      replyTo.tell(new ControlClientCompleted(WskStatus.STATUS_INVALID_PARAMETER, null, null));
    } else if (code == ClientControlCode.WSK_TRANSPORT_LIST_QUERY) {
      replyTo.tell(new ControlClientCompleted(WskStatus.STATUS_SUCCESS, code, TRANSPORTS));
    } else if (code == ClientControlCode.WSK_TRANSPORT_LIST_CHANGE) {
      // The transport set is fixed: this completes (cancelled) only at deregistration.
      if (deregistering) {
        replyTo.tell(new ControlClientCompleted(WskStatus.STATUS_CANCELLED, code, null));
      } else {
        transportListWatchers.add(m);
      }
    } else if (code == ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS) {
      replyTo.tell(new ControlClientCompleted(setStaticEvents(m.input()), code, null));
    } else {
      replyTo.tell(new ControlClientCompleted(WskStatus.STATUS_NOT_SUPPORTED, code, null));
    }
    return this;
  }

  private WskStatus setStaticEvents(Object input) {
    if (!(input instanceof Set<?> set) || set.isEmpty()) return WskStatus.STATUS_INVALID_PARAMETER;
    for (Object e : set) if (!(e instanceof WskEvent)) return WskStatus.STATUS_INVALID_PARAMETER;
    if (anySocketCreated) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    Set<WskEvent> events = java.util.EnumSet.noneOf(WskEvent.class);
    events.addAll(staticEvents);
    for (Object e : set) events.add((WskEvent) e);
    staticEvents = Set.copyOf(events);
    return WskStatus.STATUS_SUCCESS;
  }

  private Behavior<Object> onGetAddressInfo(GetAddressInfo m) {
    getContext().spawnAnonymous(NameResolution.addressInfo(settings, m));
    return this;
  }

  private Behavior<Object> onGetNameInfo(GetNameInfo m) {
    getContext().spawnAnonymous(NameResolution.nameInfo(settings, m));
    return this;
  }

  private WskStatus check(AddressFamily family, ActorRef<?> handler) {
    if (family == null || handler == null) return WskStatus.STATUS_INVALID_PARAMETER;
    if (deregistering) return WskStatus.STATUS_DEVICE_NOT_READY;
    return null;
  }

  private Behavior<Object> onSpawnAccepted(SpawnAccepted m) {
    if (deregistering) {
      m.incoming().abort();
      return this;
    }
    ActorRef<Object> ref =
        spawnSocket(
            ConnectionSocketActor.accepted(
                settings,
                m.family(),
                m.incoming(),
                m.local(),
                m.remote(),
                m.mode(),
                m.listenerOptions(),
                staticEvents),
            "conn");
    if (m.notifyListener() != null)
      m.notifyListener().tell(new ListenSocketActor.AcceptedSpawned(ref, m.inspectId()));
    return this;
  }

  private Behavior<Object> onGetSocketCount(GetSocketCount m) {
    m.replyTo().tell(sockets.size());
    return this;
  }

  private Behavior<Object> startDeregister(ActorRef<Deregistered> replyTo) {
    if (replyTo != null) deregisterReplyTos.add(replyTo);
    if (!deregistering) {
      deregistering = true;
      closedByDeregister = sockets.size();
      getContext()
          .getLog()
          .debug("Client [{}] deregistering, closing {} sockets", name, sockets.size());
      for (ActorRef<Object> s : sockets.keySet()) s.tell(ConnectionSocketActor.ForceClose.INSTANCE);
      for (ControlClient<?, ?> w : transportListWatchers) cancelWatcher(w);
      transportListWatchers.clear();
    }
    return sockets.isEmpty() ? finishDeregister() : this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void cancelWatcher(ControlClient w) {
    w.replyTo().tell(new ControlClientCompleted(WskStatus.STATUS_CANCELLED, w.code(), null));
  }

  private Behavior<Object> finishDeregister() {
    for (ActorRef<Deregistered> r : deregisterReplyTos) {
      r.tell(new Deregistered(WskStatus.STATUS_SUCCESS, closedByDeregister));
    }
    return Behaviors.stopped();
  }

  private Behavior<Object> onTerminated(Terminated t) {
    SocketCategory closed = sockets.remove(t.getRef());
    if (closed != null) {
      metrics.socketClosed(closed);
      return deregistering && sockets.isEmpty() ? finishDeregister() : this;
    }
    if (owner != null && t.getRef().equals(owner)) {
      getContext().getLog().debug("Owner of client [{}] stopped, deregistering", name);
      return startDeregister(null);
    }
    return this;
  }
}
