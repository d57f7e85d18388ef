package org.wskactors.samples.chat;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.chat.local.LocalChannelRouter;
import org.wskactors.samples.chat.local.LocalChatBackend;

/**
 * A {@link ChatServer} in a test's ActorSystem on {@code 127.0.0.1:0}, with settings read from the
 * samples' {@code application.conf} under overrides, and handles on its counters. Public for the
 * samples' reliability tests.
 */
public final class ChatTestServer {
  /** The bound on every wait: a reply, a count, the shutdown (on top of its linger). */
  static final Duration T = Duration.ofSeconds(20);

  final ActorTestKit testKit;
  final ChatSettings settings;
  final ActorRef<ChatServer.Command> server;

  /** Where the server listens. */
  public final InetSocketAddress address;

  final LocalChatBackend backend;

  private ChatTestServer(
      ActorTestKit testKit,
      ChatSettings settings,
      ActorRef<ChatServer.Command> server,
      InetSocketAddress address,
      LocalChatBackend backend) {
    this.testKit = testKit;
    this.settings = settings;
    this.server = server;
    this.address = address;
    this.backend = backend;
  }

  /**
   * The chat settings of {@code application.conf} with the test's overrides (HOCON, keys relative
   * to {@code wsk-chat}), on 127.0.0.1 port 0 unless overridden.
   */
  static ChatSettings settings(String overrides) {
    return ChatSettings.create(
        ConfigFactory.parseString(
                "wsk-chat { port = 0\n bind = \"127.0.0.1\"\n" + overrides + "\n}")
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .resolve());
  }

  /**
   * Starts a server and waits until it listens.
   *
   * @param testKit the test's kit, whose system runs the server
   * @param overrides HOCON relative to {@code wsk-chat}
   * @return the running server
   */
  public static ChatTestServer start(ActorTestKit testKit, String overrides) {
    ChatSettings settings = settings(overrides);
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    AtomicReference<LocalChatBackend> backend = new AtomicReference<>();
    ActorRef<ChatServer.Command> server =
        testKit.spawn(
            ChatServer.create(
                settings,
                (ctx, s) -> {
                  LocalChatBackend b = LocalChatBackend.spawn(ctx, s);
                  backend.set(b);
                  return b;
                },
                started.ref()));
    ServerStartup.Listening listening =
        started.expectMessageClass(ServerStartup.Listening.class, T);
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", listening.address().getPort());
    return new ChatTestServer(testKit, settings, server, address, backend.get());
  }

  /** {@return the server's counters} */
  public ChatServer.Stats stats() {
    TestProbe<ChatServer.Stats> p = testKit.createTestProbe();
    server.tell(new ChatServer.GetStats(p.ref()));
    return p.receiveMessage(T);
  }

  /** {@return the channel actors the local router holds} */
  public int channelActors() {
    TestProbe<Integer> p = testKit.createTestProbe();
    backend.router().tell(new LocalChannelRouter.GetChannelCount(p.ref()));
    return p.receiveMessage(T);
  }

  /** Waits (bounded) until the server has {@code sessions} sessions. */
  void awaitSessions(int sessions) {
    TestProbe<Object> p = testKit.createTestProbe();
    p.awaitAssert(
        T,
        () -> {
          org.junit.jupiter.api.Assertions.assertEquals(sessions, stats().sessions());
          return null;
        });
  }

  /** Waits (bounded) until the router holds {@code n} channel actors. */
  void awaitChannelActors(int n) {
    TestProbe<Object> p = testKit.createTestProbe();
    p.awaitAssert(
        T,
        () -> {
          org.junit.jupiter.api.Assertions.assertEquals(n, channelActors());
          return null;
        });
  }

  /** Shuts the server down (goodbye to every client) and waits for it. */
  public void shutdown() {
    TestProbe<org.apache.pekko.Done> p = testKit.createTestProbe();
    server.tell(new ChatServer.Shutdown("Server shutting down", p.ref()));
    p.receiveMessage(T.plus(settings.closeLinger()).plus(settings.replyTimeout()));
  }
}
