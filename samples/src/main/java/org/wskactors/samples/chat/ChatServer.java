package org.wskactors.samples.chat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.samples.ServerBootstrap;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.ServerStartup.Listening;
import org.wskactors.samples.ServerStartup.StartFailed;
import org.wskactors.samples.SocketAddresses;
import org.wskactors.samples.chat.backend.ChatBackend;
import org.wskactors.samples.chat.irc.IrcRules;
import org.wskactors.samples.chat.local.LocalChatBackend;

/**
 * The IRC server: listens on a wsk-actors stream socket and runs one {@link ClientSession} per
 * connection over a {@link ChatBackend} (by default the single-node {@link LocalChatBackend}).
 *
 * <p>Start: it registers a WSK client ({@link Register}, owned by this actor, so its sockets close
 * when it stops), creates a stream socket ({@link CreateStreamSocket}: {@link AddressFamily#INET6}
 * for an IPv6 bind address, {@link AddressFamily#INET} for IPv4), turns {@link
 * SocketOption#IPV6_V6ONLY} off when bound to {@code ::} (one socket serves IPv4 and IPv6), binds,
 * makes it a listener ({@link Listen}) and enables {@link WskEvent#ACCEPT}. It then logs {@code
 * Chat server listening on ...} and tells its startup listener {@link Listening}; the first failing
 * step is logged and reported as {@link StartFailed}, then the server deregisters and stops.
 *
 * <p>Each {@link AcceptEvent} is checked against the connection limits ({@code
 * wsk-chat.connections.max-total} and {@code max-per-address}, counting the sessions alive): over a
 * limit the connection is still accepted, by a {@link RefusedConnection} that sends {@code ERROR
 * :Closing Link: <host> (Too many connections[ from your host])}, disconnects gracefully and
 * closes; otherwise a new {@link ClientSession} child accepts it with receive and disconnect
 * events.
 *
 * <p>{@link GetStats} reports the counters; {@link Shutdown} stops accepting, tells every session
 * to close with the given reason ({@link ClientSession.ServerShutdown}), waits for them (at most
 * {@code close-linger} plus {@code reply-timeout}), deregisters, answers and stops. If the
 * listening socket fails the server deregisters and stops.
 */
public final class ChatServer {

  /** The WSK client name the server registers with. */
  public static final String CLIENT_NAME = "chat-server";

  /** The server's version, as 002, 004 and VERSION show it. */
  public static final String VERSION = "wsk-actors-chat-0.1.0";

  /** Creates the chat's shared state for a server: the local backend, or a cluster one. */
  @FunctionalInterface
  public interface BackendFactory {
    /**
     * Creates the backend; called once in the server's setup.
     *
     * @param ctx the server's context (the backend may spawn children there)
     * @param settings the chat settings
     * @return the backend the sessions use
     */
    ChatBackend create(ActorContext<?> ctx, ChatSettings settings);
  }

  /** The server's messages: {@link GetStats}, {@link Shutdown} and private replies and events. */
  public sealed interface Command {}

  /**
   * Anyone to server: report the counters.
   *
   * @param replyTo receives the {@link Stats}
   */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /**
   * The server's counters.
   *
   * @param sessions client sessions alive now
   * @param addresses distinct peer addresses among them
   * @param accepted connections served since the start
   * @param refused connections refused over a limit since the start
   * @param refusing refused connections still closing
   */
  public record Stats(int sessions, int addresses, long accepted, long refused, int refusing) {}

  /**
   * Anyone (Main's coordinated shutdown) to server: close every connection and stop.
   *
   * @param reason the reason clients see in {@code ERROR :Closing Link: host (reason)}
   * @param replyTo receives {@link Done} when every socket is closed, just before the server stops
   */
  public record Shutdown(String reason, ActorRef<Done> replyTo) implements Command {}

  /**
   * Subsystem, provider or socket to server: a reply to a start or stop request of its {@link
   * ServerBootstrap} ({@link Registered}, {@link SocketCreated}, {@link OptionSet}, {@link
   * BindCompleted} or {@link Deregistered}).
   */
  private record WrappedStartReply(ServerBootstrap.Reply reply) implements Command {}

  private record WrappedListenCompleted(ListenCompleted reply) implements Command {}

  private record WrappedListenEvent(StreamSocket.Event event) implements Command {}

  /** Pekko (death watch) to server: a session stopped. */
  private record SessionEnded(ActorRef<Object> session, InetAddress address) implements Command {}

  /** Pekko (death watch) to server: a refused connection's handler stopped. */
  private enum RefusedEnded implements Command {
    INSTANCE
  }

  /** Timer to server: stop waiting for sessions to close. */
  private enum ShutdownDeadline implements Command {
    INSTANCE
  }

  /**
   * A server with the single-node backend.
   *
   * @param settings the chat settings (bind address, port, limits, ...)
   * @param startupListener receives one {@link ServerStartup}
   * @return the behaviour
   */
  public static Behavior<Command> create(
      ChatSettings settings, ActorRef<ServerStartup> startupListener) {
    return create(settings, LocalChatBackend::spawn, startupListener);
  }

  /**
   * A server with the backend {@code backendFactory} creates.
   *
   * @param settings the chat settings
   * @param backendFactory creates the backend in the server's setup
   * @param startupListener receives one {@link ServerStartup}
   * @return the behaviour
   */
  public static Behavior<Command> create(
      ChatSettings settings,
      BackendFactory backendFactory,
      ActorRef<ServerStartup> startupListener) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(backendFactory, "backendFactory");
    Objects.requireNonNull(startupListener, "startupListener");
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new ChatServer(ctx, timers, settings, backendFactory, startupListener)
                        .register()));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ChatSettings settings;
  private final ChatBackend backend;
  private final ServerInfo info;
  private final InetSocketAddress requested;
  private final AddressFamily family;
  private final ServerBootstrap<Command, StreamSocket.Command> start;

  private final ActorRef<ListenCompleted> listenAdapter;
  private final ActorRef<StreamSocket.Event> listenEventAdapter;

  private InetSocketAddress boundAddress;
  private boolean listening;

  private final Set<ActorRef<Object>> sessions = new HashSet<>();
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private long accepted;
  private long refused;
  private int refusing;
  private boolean shuttingDown;
  private final List<ActorRef<Done>> shutdownWaiters = new ArrayList<>();

  private ChatServer(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      ChatSettings settings,
      BackendFactory backendFactory,
      ActorRef<ServerStartup> startupListener) {
    this.ctx = ctx;
    ctx.setLoggerName(ChatServer.class); // also for what the bootstrap logs
    this.timers = timers;
    this.settings = settings;
    this.requested = new InetSocketAddress(settings.bind(), settings.port());
    this.family = AddressFamily.of(requested);
    this.backend = backendFactory.create(ctx, settings);
    this.info = new ServerInfo(VERSION, Instant.now(), readMotd(ctx, settings));
    this.start =
        new ServerBootstrap<>(
            ctx,
            "Chat server",
            requested,
            startupListener,
            WrappedStartReply::new,
            this::phase,
            this::deregisterAndStop);
    this.listenAdapter = ctx.messageAdapter(ListenCompleted.class, WrappedListenCompleted::new);
    this.listenEventAdapter = ctx.messageAdapter(StreamSocket.Event.class, WrappedListenEvent::new);
  }

  /**
   * The MOTD lines: the file's when {@code motd-file} is set and readable (undecodable bytes
   * replaced), else the {@code motd} text's; empty when neither has any.
   *
   * @param ctx for logging a file that cannot be read
   * @param settings the chat settings
   * @return the lines, without trailing blank ones
   */
  static List<String> readMotd(ActorContext<?> ctx, ChatSettings settings) {
    String text = settings.motd();
    if (!settings.motdFile().isEmpty()) {
      try {
        byte[] bytes = Files.readAllBytes(Path.of(settings.motdFile()));
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
      } catch (IOException | RuntimeException e) {
        ctx.getLog()
            .warn(
                "Cannot read the MOTD file {} ({}); using wsk-chat.motd",
                settings.motdFile(),
                e.toString());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) lines.add(line.replace("\r", ""));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank())
      lines.remove(lines.size() - 1);
    return lines;
  }

  // ---- start: register, create, option, bind (the bootstrap), listen, enable accept events ----

  private Behavior<Command> register() {
    // Dual stack only on [::]: a specific IPv6 address serves IPv6 peers only.
    return start.open(
        CLIENT_NAME,
        ServerBootstrap.streamSocket(listenEventAdapter),
        family == AddressFamily.INET6 && requested.getAddress().isAnyLocalAddress(),
        bound -> listen());
  }

  /** The chat server's own step: a stream socket becomes a listener with {@link Listen}. */
  private Behavior<Command> listen() {
    start.socket().tell(new Listen(listenAdapter));
    return phase().onMessage(WrappedListenCompleted.class, this::onListenCompleted).build();
  }

  private Behavior<Command> onListenCompleted(WrappedListenCompleted m) {
    if (!m.reply().status().isSuccess()) return start.failed("listen", m.reply().status());
    return start.enableEvents(m.reply().localAddress(), WskEvent.ACCEPT, this::onListening);
  }

  private Behavior<Command> onListening(InetSocketAddress bound) {
    boundAddress = bound;
    ctx.getLog()
        .info(
            "Chat server {} listening on {}{}",
            settings.serverName(),
            SocketAddresses.format(boundAddress),
            requested.getAddress().isAnyLocalAddress() && family == AddressFamily.INET6
                ? " (dual-stack: IPv4 and IPv6)"
                : "");
    listening = true;
    return running();
  }

  private Behavior<Command> running() {
    return phase()
        .onMessage(SessionEnded.class, this::onSessionEnded)
        .onMessage(RefusedEnded.class, m -> onRefusedEnded())
        .onMessage(ShutdownDeadline.class, m -> finishShutdown())
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  /** A receive builder for every phase: start replies, listen events, statistics and shutdown. */
  private BehaviorBuilder<Command> phase() {
    return Behaviors.receive(Command.class)
        .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
        .onMessage(WrappedListenEvent.class, this::onListenEvent)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Shutdown.class, this::onShutdown);
  }

  /** Ends the registration (closing every socket), answers the shutdown waiters and stops. */
  private Behavior<Command> deregisterAndStop() {
    return start.deregisterAndStop(
        Behaviors.receive(Command.class)
            .onMessage(WrappedStartReply.class, m -> start.onReply(m.reply()))
            .onMessage(GetStats.class, this::onGetStats)
            .onMessage(Shutdown.class, this::onShutdownWhileStopping)
            .onMessage(WrappedListenEvent.class, this::onListenEventWhileStopping)
            .onMessage(SessionEnded.class, m -> Behaviors.same())
            .onMessage(RefusedEnded.class, m -> Behaviors.same())
            .onMessage(ShutdownDeadline.class, m -> Behaviors.same())
            .onSignal(PostStop.class, s -> onPostStop()),
        () -> shutdownWaiters.forEach(w -> w.tell(Done.getInstance())));
  }

  // ---- connections ---------------------------------------------------------------------------

  private Behavior<Command> onListenEvent(WrappedListenEvent m) {
    if (m.event() instanceof AcceptEvent a) {
      onAccept(a);
      return Behaviors.same();
    }
    if (m.event() instanceof SocketFailedEvent f) {
      if (!listening) return start.failed("listening socket", f.status());
      ctx.getLog()
          .error(
              "Chat server listening socket on {} failed with {}, stopping",
              SocketAddresses.format(boundAddress),
              f.status());
      return deregisterAndStop();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onListenEventWhileStopping(WrappedListenEvent m) {
    if (m.event() instanceof AcceptEvent a) a.replyTo().tell(AcceptEventResponse.reject());
    return Behaviors.same();
  }

  private void onAccept(AcceptEvent a) {
    InetAddress address = a.remoteAddress().getAddress();
    if (shuttingDown) {
      a.replyTo().tell(AcceptEventResponse.reject());
      return;
    }
    int fromAddress = perAddress.getOrDefault(address, 0);
    String refusal = null;
    if (sessions.size() >= settings.maxConnections()) {
      refusal = "Too many connections";
    } else if (fromAddress >= settings.maxConnectionsPerAddress()) {
      refusal = "Too many connections from your host";
    }
    if (refusal != null) {
      refuse(a, refusal);
      return;
    }
    accepted++;
    ActorRef<Object> session =
        ctx.spawn(ClientSession.create(settings, backend, info, a), "session-" + accepted);
    ctx.watchWith(session, new SessionEnded(session, address));
    sessions.add(session);
    perAddress.put(address, fromAddress + 1);
    ctx.getLog()
        .debug(
            "Connection #{} from {} ({} sessions)",
            accepted,
            SocketAddresses.format(a.remoteAddress()),
            sessions.size());
  }

  private void refuse(AcceptEvent a, String reason) {
    refused++;
    ctx.getLog()
        .info("Refused connection from {}: {}", SocketAddresses.format(a.remoteAddress()), reason);
    if (refusing >= settings.maxConnections()) {
      a.replyTo().tell(AcceptEventResponse.reject()); // even the polite refusals are too many
      return;
    }
    String host = IrcRules.displayHost(SocketAddresses.format(a.remoteAddress().getAddress()));
    ActorRef<RefusedConnection.Msg> handler =
        ctx.spawnAnonymous(
            RefusedConnection.create(
                a, "ERROR :Closing Link: " + host + " (" + reason + ")", settings.closeLinger()));
    ctx.watchWith(handler, RefusedEnded.INSTANCE);
    refusing++;
  }

  private Behavior<Command> onSessionEnded(SessionEnded m) {
    if (sessions.remove(m.session())) {
      perAddress.computeIfPresent(m.address(), (k, n) -> n <= 1 ? null : n - 1);
    }
    if (shuttingDown && sessions.isEmpty()) return finishShutdown();
    return Behaviors.same();
  }

  private Behavior<Command> onRefusedEnded() {
    refusing--;
    return Behaviors.same();
  }

  private Behavior<Command> onGetStats(GetStats m) {
    m.replyTo().tell(new Stats(sessions.size(), perAddress.size(), accepted, refused, refusing));
    return Behaviors.same();
  }

  // ---- shutdown ------------------------------------------------------------------------------

  private Behavior<Command> onShutdown(Shutdown m) {
    shutdownWaiters.add(m.replyTo());
    if (!listening) return deregisterAndStop();
    if (shuttingDown) return Behaviors.same();
    shuttingDown = true;
    ctx.getLog()
        .info("Chat server shutting down ({}), closing {} sessions", m.reason(), sessions.size());
    start.socket().tell(new CloseSocket(ctx.getSystem().ignoreRef()));
    for (ActorRef<Object> s : sessions) s.tell(new ClientSession.ServerShutdown(m.reason()));
    if (sessions.isEmpty()) return finishShutdown();
    Duration deadline = settings.closeLinger().plus(settings.replyTimeout());
    timers.startSingleTimer(ShutdownDeadline.INSTANCE, deadline);
    return Behaviors.same();
  }

  private Behavior<Command> onShutdownWhileStopping(Shutdown m) {
    shutdownWaiters.add(m.replyTo());
    return Behaviors.same();
  }

  private Behavior<Command> finishShutdown() {
    timers.cancel(ShutdownDeadline.INSTANCE);
    return deregisterAndStop();
  }

  private Behavior<Command> onPostStop() {
    if (listening) {
      ctx.getLog()
          .info(
              "Chat server on {} stopped after {} connections ({} refused)",
              SocketAddresses.format(boundAddress),
              accepted,
              refused);
    }
    return Behaviors.same();
  }
}
