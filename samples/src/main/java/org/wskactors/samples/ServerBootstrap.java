package org.wskactors.samples;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.ControlSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;
import org.wskactors.samples.ServerStartup.Listening;
import org.wskactors.samples.ServerStartup.StartFailed;

/**
 * The start and the stop the sample servers (echo, UDP echo, syslog collector, chat) share, run
 * inside the server's own actor: no extra actor, the server's context sends every request.
 *
 * <p>Start ({@link #start}, or {@link #open} and {@link #enableEvents} with steps of the server's
 * own in between): the server registers a WSK client with the subsystem ({@link Register}, owned by
 * the server, so its sockets close when it stops), asks the provider for its socket (a {@link
 * SocketRequest}, which names the server's event handler), turns {@link SocketOption#IPV6_V6ONLY}
 * off when dual-stack, sends {@link Bind}, and enables its events with {@link
 * SocketOption#SO_WSK_EVENT_CALLBACK}. Each step waits for its reply. When the last one succeeds
 * {@link #start} logs {@code <server name> listening on ...}, the server's callback runs and the
 * startup listener gets {@link Listening}; the first failure goes through {@link #failed}: it is
 * logged at ERROR as {@code <server name> could not start on <address>: <step> failed with
 * <status>} (with a hint when the port is in use), the startup listener gets {@link StartFailed},
 * and the server stops as its stop behaviour says (usually through {@link #deregisterAndStop}).
 *
 * <p>The replies reach the server through message adapters as {@link Reply}s wrapped in one of the
 * server's own commands; the server hands each back to {@link #onReply} in every behaviour of its
 * start and stop.
 *
 * @param <C> the server's command type
 * @param <S> the command type of the server's socket
 */
public final class ServerBootstrap<C, S> {

  /**
   * Subsystem, provider or socket to server: a reply to one of the bootstrap's requests ({@link
   * Registered}, {@link SocketCreated}, {@link OptionSet}, {@link BindCompleted} or {@link
   * Deregistered}), opaque to the server, which wraps it and hands it back to {@link #onReply}.
   */
  public static final class Reply {
    private final Object message;

    private Reply(Object message) {
      this.message = message;
    }
  }

  /**
   * The socket a server asks its provider for: the creation request, naming the server's event
   * handler, and how the bootstrap sends {@link Bind} and {@link SetOption} to the socket (both are
   * in every socket category's dispatch table). Made by {@link #listenSocket}, {@link
   * #datagramSocket} or {@link #streamSocket}.
   *
   * @param <S> the socket's command type
   */
  public static final class SocketRequest<S> {
    private final BiFunction<AddressFamily, ActorRef<SocketCreated<S>>, WskProvider.Command> create;
    private final Function<ActorRef<S>, ActorRef<Bind>> bind;
    private final Function<ActorRef<S>, ActorRef<ControlSocket>> control;

    private SocketRequest(
        BiFunction<AddressFamily, ActorRef<SocketCreated<S>>, WskProvider.Command> create,
        Function<ActorRef<S>, ActorRef<Bind>> bind,
        Function<ActorRef<S>, ActorRef<ControlSocket>> control) {
      this.create = create;
      this.bind = bind;
      this.control = control;
    }
  }

  /**
   * A listening socket: {@link CreateListenSocket}.
   *
   * @param handler receives the socket's events
   * @return the request
   */
  public static SocketRequest<ListenSocket.Command> listenSocket(
      ActorRef<ListenSocket.Event> handler) {
    return new SocketRequest<>(
        (family, created) -> new CreateListenSocket(family, handler, created),
        ActorRef::narrow,
        ActorRef::narrow);
  }

  /**
   * A datagram socket: {@link CreateDatagramSocket}.
   *
   * @param handler receives the socket's events
   * @return the request
   */
  public static SocketRequest<DatagramSocket.Command> datagramSocket(
      ActorRef<DatagramSocket.Event> handler) {
    return new SocketRequest<>(
        (family, created) -> new CreateDatagramSocket(family, handler, created),
        ActorRef::narrow,
        ActorRef::narrow);
  }

  /**
   * A stream socket: {@link CreateStreamSocket}.
   *
   * @param handler receives the socket's events
   * @return the request
   */
  public static SocketRequest<StreamSocket.Command> streamSocket(
      ActorRef<StreamSocket.Event> handler) {
    return new SocketRequest<>(
        (family, created) -> new CreateStreamSocket(family, handler, created),
        ActorRef::narrow,
        ActorRef::narrow);
  }

  private final ActorContext<C> ctx;
  private final String serverName;
  private final InetSocketAddress requested;
  private final ActorRef<ServerStartup> startupListener;
  private final Supplier<BehaviorBuilder<C>> phase;
  private final Supplier<Behavior<C>> stop;

  private final ActorRef<Registered> registeredAdapter;
  private final ActorRef<SocketCreated<S>> createdAdapter;
  private final ActorRef<OptionSet> optionAdapter;
  private final ActorRef<BindCompleted> bindAdapter;
  private final ActorRef<Deregistered> deregisteredAdapter;

  /** What the reply being waited for leads to; unhandled when nothing is waited for. */
  private Function<Object, Behavior<C>> awaiting = m -> Behaviors.unhandled();

  private SocketRequest<S> request;
  private ActorRef<WskProvider.Command> provider;
  private ActorRef<S> socket;

  /**
   * A bootstrap for the server whose context is {@code ctx}; call it in the server's setup.
   *
   * @param ctx the server's context: the requests go out, the replies come back and the logs are
   *     written there (the server should name its logger with {@link
   *     ActorContext#setLoggerName(Class)}: Pekko otherwise names it after the first class that
   *     logs, which may be this one)
   * @param serverName how the logs name the server, e.g. {@code Echo server}
   * @param requested the address the server binds
   * @param startupListener receives the server's one {@link ServerStartup}
   * @param wrap wraps a {@link Reply} into the server's command (that the server hands back to
   *     {@link #onReply})
   * @param phase the server's receive builder for a start step (it must hand the wrapped replies to
   *     {@link #onReply}); the bootstrap builds it while it waits for a reply
   * @param stop the server's behaviour after a failed start, usually one that calls {@link
   *     #deregisterAndStop}
   */
  public ServerBootstrap(
      ActorContext<C> ctx,
      String serverName,
      InetSocketAddress requested,
      ActorRef<ServerStartup> startupListener,
      Function<Reply, C> wrap,
      Supplier<BehaviorBuilder<C>> phase,
      Supplier<Behavior<C>> stop) {
    this.ctx = ctx;
    this.serverName = serverName;
    this.requested = requested;
    this.startupListener = startupListener;
    this.phase = phase;
    this.stop = stop;
    this.registeredAdapter = ctx.messageAdapter(Registered.class, r -> wrap.apply(new Reply(r)));
    this.createdAdapter = ctx.messageAdapter(createdType(), c -> wrap.apply(new Reply(c)));
    this.optionAdapter = ctx.messageAdapter(OptionSet.class, o -> wrap.apply(new Reply(o)));
    this.bindAdapter = ctx.messageAdapter(BindCompleted.class, b -> wrap.apply(new Reply(b)));
    this.deregisteredAdapter =
        ctx.messageAdapter(Deregistered.class, d -> wrap.apply(new Reply(d)));
  }

  /**
   * Starts the server: {@link #open}, dual-stack when the address is IPv6, then {@link
   * #enableEvents}; once listening it logs {@code <server name> listening on <bound address>} at
   * INFO (with {@code (dual-stack: IPv4 and IPv6)} for an IPv6 address) before {@code onListening}
   * runs.
   *
   * @param clientName the WSK client name to register
   * @param request the socket to create
   * @param event the event to enable once bound
   * @param onListening called with the bound address once the events are enabled (before the
   *     startup listener gets {@link Listening}); gives the server's behaviour from then on
   * @return the server's behaviour while it waits for the subsystem
   */
  public Behavior<C> start(
      String clientName,
      SocketRequest<S> request,
      WskEvent event,
      Function<InetSocketAddress, Behavior<C>> onListening) {
    boolean dualStack = AddressFamily.of(requested) == AddressFamily.INET6;
    return open(
        clientName,
        request,
        dualStack,
        bound ->
            enableEvents(
                bound,
                event,
                listening -> {
                  ctx.getLog()
                      .info(
                          serverName + " listening on {}{}",
                          SocketAddresses.format(listening),
                          dualStack ? " (dual-stack: IPv4 and IPv6)" : "");
                  return onListening.apply(listening);
                }));
  }

  /**
   * The first start steps: server to subsystem {@link Register} ({@link Registered} back), server
   * to provider the socket {@code request} ({@link SocketCreated} back), when {@code dualStack}
   * server to socket {@code SetOption(IPV6_V6ONLY, false)} ({@link OptionSet} back), and server to
   * socket {@link Bind} ({@link BindCompleted} back). A failed step goes to {@link #failed} with
   * the step {@code register}, {@code create}, {@code set IPV6_V6ONLY} or {@code bind}.
   *
   * @param clientName the WSK client name to register
   * @param request the socket to create
   * @param dualStack whether to turn {@link SocketOption#IPV6_V6ONLY} off before binding
   * @param onBound called with the bound address once bound; gives the server's next behaviour
   * @return the server's behaviour while it waits for the subsystem
   */
  public Behavior<C> open(
      String clientName,
      SocketRequest<S> request,
      boolean dualStack,
      Function<InetSocketAddress, Behavior<C>> onBound) {
    this.request = request;
    Wsk.get(ctx.getSystem())
        .subsystem()
        .tell(new Register(clientName, ctx.getSelf(), registeredAdapter));
    return await(
        Registered.class,
        r -> {
          if (!r.status().isSuccess()) return failed("register", r.status());
          provider = r.provider();
          provider.tell(request.create.apply(AddressFamily.of(requested), createdAdapter));
          return await(createdType(), c -> onCreated(c, dualStack, onBound));
        });
  }

  private Behavior<C> onCreated(
      SocketCreated<S> created,
      boolean dualStack,
      Function<InetSocketAddress, Behavior<C>> onBound) {
    if (!created.status().isSuccess()) return failed("create", created.status());
    socket = created.socket();
    if (!dualStack) return bind(onBound);
    // Dual-stack: IPV6_V6ONLY is on by default (as on Windows) and may only change before bind.
    controlSocket().tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, optionAdapter));
    return await(
        OptionSet.class,
        o -> o.status().isSuccess() ? bind(onBound) : failed("set IPV6_V6ONLY", o.status()));
  }

  private Behavior<C> bind(Function<InetSocketAddress, Behavior<C>> onBound) {
    request.bind.apply(socket).tell(new Bind(requested, bindAdapter));
    return await(
        BindCompleted.class,
        b -> b.status().isSuccess() ? onBound.apply(b.localAddress()) : failed("bind", b.status()));
  }

  /**
   * The last start step: server to socket {@code SetOption(SO_WSK_EVENT_CALLBACK, enable(event))}
   * ({@link OptionSet} back). On success {@code onListening} runs and then the startup listener
   * gets {@link Listening} with {@code bound}; on failure {@link #failed} with the step {@code
   * enable <event> events}, e.g. {@code enable accept events} or {@code enable receive-from
   * events}.
   *
   * @param bound the bound address, reported in {@link Listening}
   * @param event the event to enable
   * @param onListening called with {@code bound} once enabled (it logs that the server listens);
   *     gives the server's behaviour from then on
   * @return the server's behaviour while it waits for the socket
   */
  public Behavior<C> enableEvents(
      InetSocketAddress bound,
      WskEvent event,
      Function<InetSocketAddress, Behavior<C>> onListening) {
    String step = "enable " + event.name().toLowerCase(Locale.ROOT).replace('_', '-') + " events";
    controlSocket()
        .tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(event),
                optionAdapter));
    return await(
        OptionSet.class,
        o -> {
          if (!o.status().isSuccess()) return failed(step, o.status());
          Behavior<C> next = onListening.apply(bound);
          startupListener.tell(new Listening(bound));
          return next;
        });
  }

  /** {@return the server's socket, once created (null before)} */
  public ActorRef<S> socket() {
    return socket;
  }

  /**
   * Ends a failed start: logs it at ERROR, tells the startup listener {@link StartFailed} and gives
   * the server's stop behaviour.
   *
   * @param step the step that failed
   * @param status its status
   * @return the server's stop behaviour
   */
  public Behavior<C> failed(String step, WskStatus status) {
    String hint =
        status == WskStatus.STATUS_ADDRESS_ALREADY_EXISTS ? " (is the port already in use?)" : "";
    ctx.getLog()
        .error(
            serverName + " could not start on {}: {} failed with {}{}",
            SocketAddresses.format(requested),
            step,
            status,
            hint);
    startupListener.tell(new StartFailed(requested, step, status));
    return stop.get();
  }

  /**
   * Server to provider {@link Deregister} (which closes the server's sockets), then stops on {@link
   * Deregistered}; stops at once when the registration never succeeded.
   *
   * @param whileStopping the server's receive builder until then (it must hand the wrapped replies
   *     to {@link #onReply})
   * @return the server's behaviour until it stops
   */
  public Behavior<C> deregisterAndStop(BehaviorBuilder<C> whileStopping) {
    return deregisterAndStop(whileStopping, () -> {});
  }

  /**
   * As {@link #deregisterAndStop(BehaviorBuilder)}, running {@code beforeStop} just before the
   * server stops (at once, or on {@link Deregistered}).
   *
   * @param whileStopping the server's receive builder until then (it must hand the wrapped replies
   *     to {@link #onReply})
   * @param beforeStop what the server does last
   * @return the server's behaviour until it stops
   */
  public Behavior<C> deregisterAndStop(BehaviorBuilder<C> whileStopping, Runnable beforeStop) {
    if (provider == null) {
      beforeStop.run();
      return Behaviors.stopped();
    }
    provider.tell(new Deregister(deregisteredAdapter));
    expect(
        Deregistered.class,
        d -> {
          beforeStop.run();
          return Behaviors.stopped();
        });
    return whileStopping.build();
  }

  /**
   * Hands a reply back: the server calls this for each {@link Reply} it receives.
   *
   * @param reply the reply
   * @return the server's next behaviour; {@link Behaviors#unhandled()} for a reply not waited for
   */
  public Behavior<C> onReply(Reply reply) {
    return awaiting.apply(reply.message);
  }

  private ActorRef<ControlSocket> controlSocket() {
    return request.control.apply(socket);
  }

  @SuppressWarnings("unchecked")
  private Class<SocketCreated<S>> createdType() {
    return (Class<SocketCreated<S>>) (Class<?>) SocketCreated.class;
  }

  /** Waits for a reply of {@code type} in the server's start phase. */
  private <R> Behavior<C> await(Class<R> type, Function<R, Behavior<C>> then) {
    expect(type, then);
    return phase.get().build();
  }

  private <R> void expect(Class<R> type, Function<R, Behavior<C>> then) {
    awaiting =
        m -> {
          if (!type.isInstance(m)) return Behaviors.unhandled();
          awaiting = other -> Behaviors.unhandled();
          return then.apply(type.cast(m));
        };
  }
}
