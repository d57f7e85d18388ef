package org.wskactors.runtime.javadsl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.AddressInfo;
import org.wskactors.protocol.AddressInfoCompleted;
import org.wskactors.protocol.AddressInfoHints;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.ControlSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskSubsystem;
import org.wskactors.runtime.Wsk;

/**
 * A registered wsk-actors client for code that is not an actor (a {@code main}, a test, a service):
 * the protocol's requests as methods returning {@link CompletionStage}s.
 *
 * <pre>{@code
 * WskClient client = WskClient.register(system, "my-app").toCompletableFuture().join();
 * WskConnection c = client.connect(new InetSocketAddress("127.0.0.1", 7)).toCompletableFuture().join();
 * c.send("hi".getBytes(UTF_8)).thenCompose(n -> c.receive(100)).thenAccept(r -> ...);
 * }</pre>
 *
 * <p>Each method sends the same protocol message an actor would ({@code Register}, {@code
 * CreateListenSocket} + {@code Bind}, {@code SocketConnect}, {@code CreateDatagramSocket} + {@code
 * Bind}, {@code GetAddressInfo}, {@code Deregister}) with the ask pattern and the client's timeout.
 * A reply whose status is not a success completes the stage exceptionally with {@link WskException}
 * carrying that status; a missing reply with {@link WskTimeoutException}. Methods never block;
 * stages complete on Pekko dispatcher threads, so continuations without an executor must not block
 * either.
 *
 * <p>Every socket gets a small handler actor (spawned with the client's {@link ActorSpawner}) that
 * receives its events and runs its callbacks, if any; see {@link ConnectionCallbacks}. A client is
 * immutable and thread safe; {@link #withTimeout} gives a view with another default timeout. {@link
 * #deregister()} closes every socket of the client.
 */
public final class WskClient {
  private static final AtomicLong NAMES = new AtomicLong();

  /** What every view of one registration shares. */
  private record Shared(
      ActorSystem<?> system,
      ActorRef<WskProvider.Command> provider,
      ActorRef<Object> owner,
      ActorSpawner spawner,
      Duration replyGrace,
      AtomicReference<CompletableFuture<Integer>> deregistration) {}

  private final Shared shared;
  private final Duration timeout;

  private WskClient(Shared shared, Duration timeout) {
    this.shared = shared;
    this.timeout = timeout;
  }

  /**
   * Registers a client ({@code Register} to the subsystem, reply {@code Registered}) with the
   * default timeout ({@code wsk-actors.javadsl.timeout}) and system actors as handlers.
   *
   * @param system the ActorSystem the sockets run in
   * @param name the client's name: 1 to 64 letters, digits, {@code _} or {@code -}
   * @return completes with the client; exceptionally with {@link WskException} ({@code
   *     STATUS_INVALID_PARAMETER} for a bad name) or {@link WskTimeoutException}
   */
  public static CompletionStage<WskClient> register(ActorSystem<?> system, String name) {
    return register(system, name, Wsk.get(system).settings().javadslTimeout());
  }

  /**
   * Registers a client whose requests use {@code timeout} by default.
   *
   * @param system the ActorSystem the sockets run in
   * @param name the client's name
   * @param timeout the default timeout, positive
   * @return as {@link #register(ActorSystem, String)}
   */
  public static CompletionStage<WskClient> register(
      ActorSystem<?> system, String name, Duration timeout) {
    return register(system, name, timeout, ActorSpawner.systemActors(system));
  }

  /**
   * Registers a client whose handler actors are spawned by {@code spawner}.
   *
   * @param system the ActorSystem the sockets run in
   * @param name the client's name
   * @param timeout the default timeout, positive
   * @param spawner spawns the client's owner actor and its sockets' handler actors; thread safe and
   *     non-blocking
   * @return as {@link #register(ActorSystem, String)}
   */
  public static CompletionStage<WskClient> register(
      ActorSystem<?> system, String name, Duration timeout, ActorSpawner spawner) {
    Objects.requireNonNull(system, "system");
    WskSocket.checkTimeout(timeout);
    Objects.requireNonNull(spawner, "spawner");
    Wsk wsk = Wsk.get(system);
    ActorRef<Object> owner;
    try {
      // The registration's owner: stopping it deregisters the client, also one whose Registered
      // reply came too late.
      owner = spawner.spawn(ownerBehavior(), nextName("client"));
    } catch (RuntimeException e) {
      return CompletableFuture.<WskClient>failedFuture(e).minimalCompletionStage();
    }
    CompletableFuture<WskClient> result =
        Requests.<WskSubsystem.Command, Registered>ask(
                system.scheduler(),
                wsk.subsystem(),
                "Register",
                timeout,
                null,
                replyTo -> new Register(name, owner, replyTo),
                null,
                "a client registered later is deregistered")
            .thenApply(
                r ->
                    new WskClient(
                        new Shared(
                            system,
                            r.provider(),
                            owner,
                            spawner,
                            wsk.settings().javadslReplyGrace(),
                            new AtomicReference<>()),
                        timeout));
    result.whenComplete(
        (c, failure) -> {
          if (failure != null) owner.tell(Stop.INSTANCE);
        });
    return Requests.surface(result);
  }

  /** Stops the owner actor. */
  private enum Stop {
    INSTANCE
  }

  private static Behavior<Object> ownerBehavior() {
    return Behaviors.receiveMessage(m -> Behaviors.stopped());
  }

  static String nextName(String kind) {
    return "wsk-javadsl-" + kind + "-" + NAMES.incrementAndGet();
  }

  /**
   * The default timeout of this view's requests and of the sockets it creates.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The same registration with another default timeout.
   *
   * @param timeout the new default timeout, positive
   * @return a new view; this one is unchanged
   */
  public WskClient withTimeout(Duration timeout) {
    return new WskClient(shared, WskSocket.checkTimeout(timeout));
  }

  /**
   * The ActorSystem the client runs in.
   *
   * @return the ActorSystem
   */
  public ActorSystem<?> system() {
    return shared.system();
  }

  /**
   * The client's provider actor, for protocol requests the facade does not cover.
   *
   * @return the provider actor
   */
  public ActorRef<WskProvider.Command> provider() {
    return shared.provider();
  }

  Scheduler scheduler() {
    return shared.system().scheduler();
  }

  Duration replyGrace() {
    return shared.replyGrace();
  }

  <F extends WskSocket> ActorRef<Object> spawnHandler(
      String kind, Class<F> type, CallbackActor.Events<F> events, Executor executor, F attached) {
    return shared
        .spawner()
        .spawn(CallbackActor.create(type, events, executor, attached), nextName(kind));
  }

  // ---- listening sockets ----------------------------------------------------------------------

  /**
   * Creates a listening socket and binds it ({@code CreateListenSocket}, then {@code Bind}, which
   * starts listening); take connections with {@link WskListener#accept()}.
   *
   * @param localAddress the address to listen on; port 0 for any free port
   * @return completes with the listener and its real address; exceptionally with {@link
   *     WskException} (e.g. {@code STATUS_ADDRESS_ALREADY_EXISTS} when the port is taken) or {@link
   *     WskTimeoutException}
   */
  public CompletionStage<WskListener> listen(InetSocketAddress localAddress) {
    return listen(localAddress, SocketOptions.none(), null, null);
  }

  /**
   * Creates a listening socket, binds it and enables its accept event ({@code CreateListenSocket},
   * {@code Bind}, {@code SetOption(SO_WSK_EVENT_CALLBACK)}): every incoming connection calls {@link
   * ListenCallbacks#onAccept} on the listener's handler actor.
   *
   * @param localAddress the address to listen on; port 0 for any free port
   * @param callbacks the listener's callbacks
   * @return as {@link #listen(InetSocketAddress)}
   */
  public CompletionStage<WskListener> listen(
      InetSocketAddress localAddress, ListenCallbacks callbacks) {
    return listen(localAddress, SocketOptions.none(), Objects.requireNonNull(callbacks), null);
  }

  /**
   * Creates a listening socket, sets {@code options} before the bind (one {@code SetOption} each,
   * e.g. {@code IPV6_V6ONLY} off for a dual-stack listener), binds it, and with {@code callbacks}
   * enables the accept event.
   *
   * @param localAddress the address to listen on; its family is the socket's
   * @param options options to set before the bind
   * @param callbacks the listener's callbacks, or null to take connections with {@link
   *     WskListener#accept()} only
   * @param executor where the callbacks of the listener and (unless {@link AcceptDecision} names
   *     another) of its accepted connections run, one at a time; null for the handler actors
   * @return as {@link #listen(InetSocketAddress)}; a failure after the socket was created closes it
   */
  public CompletionStage<WskListener> listen(
      InetSocketAddress localAddress,
      SocketOptions options,
      ListenCallbacks callbacks,
      Executor executor) {
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(options, "options");
    ActorRef<Object> handler;
    try {
      handler =
          spawnHandler(
              "listen", WskListener.class, WskListener.events(callbacks, executor), executor, null);
    } catch (RuntimeException e) {
      return CompletableFuture.<WskListener>failedFuture(e).minimalCompletionStage();
    }
    return this.<ListenSocket.Command, WskListener>createBound(
        "CreateListenSocket",
        handler,
        replyTo ->
            new CreateListenSocket(AddressFamily.of(localAddress), handler.narrow(), replyTo),
        s -> s.narrow(),
        s -> s.narrow(),
        localAddress,
        options,
        (s, bound) -> new WskListener(this, s, bound, timeout),
        callbacks == null ? null : WskListener::enableAcceptEvents);
  }

  /**
   * The common steps of {@link #listen} and {@link #openDatagram}: create the socket with {@code
   * create}, set {@code options}, bind it, wrap it, attach it to its handler actor and, with
   * callbacks, enable its event; a failure after creation detaches the handler, which closes the
   * socket.
   */
  private <C, S extends WskSocket> CompletionStage<S> createBound(
      String requestName,
      ActorRef<Object> handler,
      Function<ActorRef<SocketCreated<C>>, WskProvider.Command> create,
      Function<ActorRef<C>, ActorRef<ControlSocket>> controlOf,
      Function<ActorRef<C>, ActorRef<Bind>> binderOf,
      InetSocketAddress localAddress,
      SocketOptions options,
      BiFunction<ActorRef<C>, InetSocketAddress, S> wrap,
      Function<S, CompletableFuture<Void>> enableEvents) {
    CompletableFuture<S> result =
        Requests.<WskProvider.Command, SocketCreated<C>>ask(
                scheduler(),
                shared.provider(),
                requestName,
                timeout,
                null,
                create,
                null,
                "a socket created later is closed")
            .thenCompose(
                created -> {
                  ActorRef<C> s = created.socket();
                  return WskSocket.setAll(scheduler(), controlOf.apply(s), timeout, options)
                      .thenCompose(v -> bind(binderOf.apply(s), localAddress))
                      .thenCompose(
                          bound -> {
                            S socket = wrap.apply(s, bound.localAddress());
                            handler.tell(new CallbackActor.Attach(socket));
                            return enableEvents == null
                                ? CompletableFuture.completedFuture(socket)
                                : enableEvents.apply(socket).thenApply(v -> socket);
                          });
                });
    result.whenComplete(
        (socket, failure) -> {
          if (failure != null) handler.tell(CallbackActor.Detach.INSTANCE);
        });
    return Requests.surface(result);
  }

  private CompletableFuture<BindCompleted> bind(
      ActorRef<Bind> binder, InetSocketAddress localAddress) {
    return Requests.<Bind, BindCompleted>ask(
        scheduler(),
        binder,
        "Bind",
        timeout,
        null,
        replyTo -> new Bind(localAddress, replyTo),
        null,
        null);
  }

  // ---- connections ------------------------------------------------------------------------------

  /**
   * Connects to {@code remoteAddress} from any local address of its family ({@code SocketConnect}
   * with the client's timeout, reply {@code SocketConnectCompleted}); read with {@link
   * WskConnection#receive(int)}.
   *
   * @param remoteAddress the peer
   * @return completes with the connection; exceptionally with {@link WskException} (e.g. {@code
   *     STATUS_CONNECTION_REFUSED}, {@code STATUS_INVALID_PARAMETER} for an unresolved address) or
   *     {@link WskTimeoutException} when the connection was not established in time
   */
  public CompletionStage<WskConnection> connect(InetSocketAddress remoteAddress) {
    return connect(null, remoteAddress, null, null);
  }

  /**
   * Connects, then enables the connection's receive, disconnect and send-backlog events, which call
   * {@code callbacks} on the connection's handler actor.
   *
   * @param remoteAddress the peer
   * @param callbacks the connection's callbacks
   * @return as {@link #connect(InetSocketAddress)}
   */
  public CompletionStage<WskConnection> connect(
      InetSocketAddress remoteAddress, ConnectionCallbacks callbacks) {
    return connect(null, remoteAddress, Objects.requireNonNull(callbacks), null);
  }

  /**
   * Connects from {@code localAddress} ({@code SocketConnect}: create, bind and connect in one
   * request), with optional callbacks.
   *
   * @param localAddress the local address, or null for the wildcard address of the peer's family
   *     with any port
   * @param remoteAddress the peer
   * @param callbacks the connection's callbacks, or null for none
   * @param executor where the callbacks run, one at a time (they may block there); null for the
   *     handler actor
   * @return as {@link #connect(InetSocketAddress)}; a failure after the connection was established
   *     closes it
   */
  public CompletionStage<WskConnection> connect(
      InetSocketAddress localAddress,
      InetSocketAddress remoteAddress,
      ConnectionCallbacks callbacks,
      Executor executor) {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    InetSocketAddress from = localAddress != null ? localAddress : wildcardFor(remoteAddress);
    ActorRef<Object> handler;
    try {
      handler =
          spawnHandler(
              "conn", WskConnection.class, WskConnection.events(callbacks), executor, null);
    } catch (RuntimeException e) {
      return CompletableFuture.<WskConnection>failedFuture(e).minimalCompletionStage();
    }
    CompletableFuture<WskConnection> result =
        Requests.<WskProvider.Command, SocketConnectCompleted>ask(
                scheduler(),
                shared.provider(),
                "SocketConnect",
                timeout,
                shared.replyGrace(),
                replyTo ->
                    new SocketConnect(from, remoteAddress, handler.narrow(), timeout, replyTo),
                null,
                "a connection established later is closed")
            .thenCompose(
                c -> {
                  WskConnection conn =
                      new WskConnection(
                          this, c.socket(), c.localAddress(), c.remoteAddress(), timeout);
                  handler.tell(new CallbackActor.Attach(conn));
                  return callbacks == null
                      ? CompletableFuture.completedFuture(conn)
                      : conn.enableCallbackEvents().thenApply(v -> conn);
                });
    result.whenComplete(
        (c, failure) -> {
          if (failure != null) handler.tell(CallbackActor.Detach.INSTANCE);
        });
    return Requests.surface(result);
  }

  private static InetSocketAddress wildcardFor(InetSocketAddress remote) {
    return AddressFamily.of(remote) == AddressFamily.INET6
        ? new InetSocketAddress("::", 0)
        : new InetSocketAddress("0.0.0.0", 0);
  }

  // ---- datagram sockets -------------------------------------------------------------------------

  /**
   * Creates a datagram socket and binds it ({@code CreateDatagramSocket}, then {@code Bind}); read
   * with {@link WskDatagram#receiveFrom(int)}.
   *
   * @param localAddress the address to bind; port 0 for any free port
   * @return completes with the socket and its real address; exceptionally with {@link WskException}
   *     (e.g. {@code STATUS_ADDRESS_ALREADY_EXISTS}) or {@link WskTimeoutException}
   */
  public CompletionStage<WskDatagram> openDatagram(InetSocketAddress localAddress) {
    return openDatagram(localAddress, SocketOptions.none(), null, null);
  }

  /**
   * Creates a datagram socket, binds it and enables its receive-from event: every datagram that
   * arrives while no {@link WskDatagram#receiveFrom(int)} is pending calls {@link
   * DatagramCallbacks#onDatagram} on the socket's handler actor.
   *
   * @param localAddress the address to bind; port 0 for any free port
   * @param callbacks the socket's callbacks
   * @return as {@link #openDatagram(InetSocketAddress)}
   */
  public CompletionStage<WskDatagram> openDatagram(
      InetSocketAddress localAddress, DatagramCallbacks callbacks) {
    return openDatagram(
        localAddress, SocketOptions.none(), Objects.requireNonNull(callbacks), null);
  }

  /**
   * Creates a datagram socket, sets {@code options} before the bind (e.g. {@code SO_BROADCAST}),
   * binds it, and with {@code callbacks} enables the receive-from event.
   *
   * @param localAddress the address to bind; its family is the socket's
   * @param options options to set before the bind
   * @param callbacks the socket's callbacks, or null to read with {@link
   *     WskDatagram#receiveFrom(int)} only
   * @param executor where the callbacks run, one at a time (they may block there); null for the
   *     handler actor
   * @return as {@link #openDatagram(InetSocketAddress)}; a failure after the socket was created
   *     closes it
   */
  public CompletionStage<WskDatagram> openDatagram(
      InetSocketAddress localAddress,
      SocketOptions options,
      DatagramCallbacks callbacks,
      Executor executor) {
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(options, "options");
    ActorRef<Object> handler;
    try {
      handler =
          spawnHandler("dgram", WskDatagram.class, WskDatagram.events(callbacks), executor, null);
    } catch (RuntimeException e) {
      return CompletableFuture.<WskDatagram>failedFuture(e).minimalCompletionStage();
    }
    return this.<DatagramSocket.Command, WskDatagram>createBound(
        "CreateDatagramSocket",
        handler,
        replyTo ->
            new CreateDatagramSocket(AddressFamily.of(localAddress), handler.narrow(), replyTo),
        s -> s.narrow(),
        s -> s.narrow(),
        localAddress,
        options,
        (s, bound) -> new WskDatagram(this, s, bound, timeout),
        callbacks == null ? null : WskDatagram::enableReceiveEvents);
  }

  // ---- client level -----------------------------------------------------------------------------

  /**
   * Resolves a host and service ({@code GetAddressInfo}, reply {@code AddressInfoCompleted}), for
   * every family and socket type.
   *
   * @param node a host name or address literal, or null for the local host
   * @param service a port number or well-known service name, or null
   * @return completes with the results, one per address and socket type; exceptionally with {@link
   *     WskException} ({@code STATUS_NOT_FOUND} for an unknown host or service) or {@link
   *     WskTimeoutException}
   */
  public CompletionStage<List<AddressInfo>> resolve(String node, String service) {
    return resolve(node, service, AddressInfoHints.ANY);
  }

  /**
   * Resolves a host and service restricted by {@code hints} ({@code GetAddressInfo}).
   *
   * @param node a host name or address literal, or null for the local host
   * @param service a port number or well-known service name, or null
   * @param hints the family and socket type wanted ({@link AddressInfoHints#ANY} for all)
   * @return as {@link #resolve(String, String)}
   */
  public CompletionStage<List<AddressInfo>> resolve(
      String node, String service, AddressInfoHints hints) {
    return Requests.surface(
        Requests.<WskProvider.Command, AddressInfoCompleted>ask(
                scheduler(),
                shared.provider(),
                "GetAddressInfo",
                timeout,
                null,
                replyTo -> new GetAddressInfo(node, service, hints, replyTo),
                null,
                null)
            .thenApply(AddressInfoCompleted::results));
  }

  /**
   * Deregisters the client ({@code Deregister}, reply {@code Deregistered}): closes every socket of
   * the client, pending requests complete with {@code STATUS_CANCELLED}, and the handler actors
   * stop. Calling it again returns the outcome of the first call.
   *
   * @return completes with the number of sockets closed; exceptionally with {@link
   *     WskTimeoutException} (the client is deregistered anyway once its owner actor stops)
   */
  public CompletionStage<Integer> deregister() {
    CompletableFuture<Integer> mine = new CompletableFuture<>();
    if (!shared.deregistration().compareAndSet(null, mine)) {
      return Requests.surface(shared.deregistration().get());
    }
    Requests.<WskProvider.Command, Deregistered>ask(
            scheduler(),
            shared.provider(),
            "Deregister",
            timeout,
            null,
            Deregister::new,
            null,
            null)
        .whenComplete(
            (d, failure) -> {
              shared.owner().tell(Stop.INSTANCE);
              if (failure != null) mine.completeExceptionally(Requests.unwrap(failure));
              else mine.complete(d.socketsClosed());
            });
    return Requests.surface(mine);
  }

  @Override
  public String toString() {
    return "WskClient[" + shared.provider().path() + ", timeout " + timeout + "]";
  }
}
