package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.slf4j.LoggerFactory;
import org.wskactors.samples.chat.ChatServer;
import org.wskactors.samples.chat.ChatTestServer;

/**
 * What the load and soak tests share: a chat server in the test's ActorSystem with the samples'
 * {@code application.conf} under overrides, its counters, the test JVM's heap after a full
 * collection and its open file descriptors, source addresses in {@code 127.0.0.0/8} (Linux routes
 * all of it to {@code lo}, so clients can come from many addresses), and quieter logging while
 * thousands of connections log.
 */
final class LoadKit {
  private LoadKit() {}

  /** The bound on every single wait of these tests (a line, a count, a close). */
  static final Duration T = Duration.ofSeconds(20);

  /**
   * A chat server on {@code 127.0.0.1:0} with handles on its counters: the chat tests' {@link
   * ChatTestServer}, with a session wait that also wants no refused connection left open.
   */
  static final class Chat {
    final ChatTestServer server;
    final InetSocketAddress address;
    private final ActorTestKit testKit;

    private Chat(ActorTestKit testKit, ChatTestServer server) {
      this.testKit = testKit;
      this.server = server;
      this.address = server.address;
    }

    /**
     * Starts a server with {@code application.conf}'s {@code wsk-chat} settings under {@code
     * overrides} (HOCON relative to {@code wsk-chat}) and waits until it listens.
     */
    static Chat start(ActorTestKit testKit, String overrides) {
      return new Chat(testKit, ChatTestServer.start(testKit, overrides));
    }

    ChatServer.Stats stats() {
      return server.stats();
    }

    int channelActors() {
      return server.channelActors();
    }

    /** Waits (bounded) until the server has {@code n} sessions and no refused connection open. */
    void awaitSessions(int n) {
      testKit
          .createTestProbe()
          .awaitAssert(
              T,
              () -> {
                ChatServer.Stats s = stats();
                assertEquals(n, s.sessions(), "sessions: " + s);
                assertEquals(0, s.refusing(), "refused connections still closing: " + s);
                return null;
              });
    }

    /** Shuts the server down and waits for it. */
    void shutdown() {
      server.shutdown();
    }
  }

  /**
   * The test JVM's heap in use after full collections: the smallest of three {@code System.gc()}
   * rounds (with G1 and the default flags an explicit GC is a full, stop-the-world collection, so
   * what remains is live data).
   */
  static long heapAfterGc() {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Open file descriptors of this JVM ({@code /proc/self/fd}), or -1 when not on Linux. */
  static int openFds() {
    Path fd = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fd)) return -1;
    try (Stream<Path> s = Files.list(fd)) {
      return (int) s.count() - 1; // the listing's own descriptor
    } catch (IOException e) {
      return -1;
    }
  }

  /** Waits (bounded) until this JVM has at most {@code fds} descriptors open again. */
  static void awaitFdsAtMost(ActorTestKit testKit, int fds) {
    if (fds < 0) return;
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            () -> {
              int now = openFds();
              if (now > fds) throw new AssertionError("open fds " + now + ", at start " + fds);
              return null;
            });
  }

  /** The source address {@code 127.a.b.c}, any port. */
  static InetSocketAddress source(int a, int b, int c) {
    return new InetSocketAddress("127." + a + "." + b + "." + c, 0);
  }

  /**
   * The {@code i}-th of many source addresses {@code 127.a.x.y} with {@code perAddress} connections
   * on each (x.y counts from .0.1, skipping .0 and .255 in the last byte).
   */
  static InetSocketAddress spread(int a, int i, int perAddress) {
    int address = i / perAddress;
    return source(a, address / 250, address % 250 + 1);
  }

  /** MiB with one decimal, for reports. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /**
   * Raises the log level to WARN until closed: a test with thousands of connections would else
   * capture several DEBUG and INFO events per connection (LogCapturingExtension keeps them in
   * memory until the test ends), which both slows it down and shows up in heap measurements.
   */
  static AutoCloseable quietLogs() {
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
      return () -> {};
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.WARN);
    return () -> root.setLevel(before);
  }

  /** A figure line for the reliability report, on stdout (kept in the surefire report). */
  static void report(String scenario, String figures) {
    System.out.println("[reliability] " + scenario + ": " + figures);
  }
}
