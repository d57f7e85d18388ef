package org.wskactors.samples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.WskStatus;
import org.wskactors.samples.ServerStartup;

/**
 * The echo server in-process on {@code [::]:0}, driven by plain blocking {@link Socket} clients
 * over IPv4 and IPv6 loopback. Every wait is bounded: socket reads by {@link Socket#setSoTimeout},
 * futures and probes by explicit timeouts.
 */
@ExtendWith(LogCapturingExtension.class)
class EchoServerTest {
  static final ActorTestKit testKit = ActorTestKit.create("EchoServerTest");
  static final Duration T = Duration.ofSeconds(10);
  static final int READ_TIMEOUT_MS = 10_000;

  static InetSocketAddress serverAddress;

  @BeforeAll
  static void startServer() {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(EchoServer.create(0, started.ref()), "echo");
    serverAddress = started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertTrue(serverAddress.getPort() > 0, "bound to a real port");
    assertTrue(serverAddress.getAddress().isAnyLocalAddress(), "bound to the wildcard address");
  }

  @AfterAll
  static void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  static InetSocketAddress ipv4() {
    return new InetSocketAddress("127.0.0.1", serverAddress.getPort());
  }

  static InetSocketAddress ipv6() {
    return new InetSocketAddress("::1", serverAddress.getPort());
  }

  /** True when this host has ::1 (a socket can bind it). */
  static boolean ipv6LoopbackAvailable() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Socket connect(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.connect(to, READ_TIMEOUT_MS);
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    assertEquals(n, b.length, "bytes echoed before the stream ended");
    return b;
  }

  /** Sends a message, reads its echo, half-closes, and expects the server to close too. */
  static void echoOnce(InetSocketAddress to) throws IOException {
    try (Socket s = connect(to)) {
      byte[] hello = ("hello over " + to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      s.getOutputStream().write(hello);
      s.getOutputStream().flush();
      assertArrayEquals(hello, readExactly(s.getInputStream(), hello.length));
      s.shutdownOutput();
      assertEquals(-1, s.getInputStream().read(), "server closes after the client's FIN");
    }
  }

  @Test
  void echoesOverIpv4Loopback() throws IOException {
    echoOnce(ipv4());
  }

  @Test
  void echoesOverIpv6LoopbackOnTheSameSocket() throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    echoOnce(ipv6());
  }

  @Test
  void logsTheBoundAddressAtInfo() {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    LoggingTestKit.info("Echo server listening on [::]:")
        .expect(
            testKit.system(),
            () -> {
              testKit.spawn(EchoServer.create(0, started.ref()));
              return started.expectMessageClass(ServerStartup.Listening.class, T);
            });
  }

  @Test
  void halfCloseByTheClientMakesTheServerCloseAfterEchoingEverything() throws IOException {
    try (Socket s = connect(ipv4())) {
      byte[] data = randomBytes(100_000, 7);
      s.getOutputStream().write(data);
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      assertArrayEquals(data, readExactly(in, data.length));
      assertEquals(-1, in.read(), "server's FIN after the echo");
    }
  }

  @Test
  void aClientThatSendsNothingAndHalfClosesIsClosedToo() throws IOException {
    try (Socket s = connect(ipv4())) {
      s.shutdownOutput();
      assertEquals(-1, s.getInputStream().read());
    }
  }

  @Test
  void anIpv4BindAddressGivesAnIpv4OnlyServer() throws IOException {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(EchoServer.create(new InetSocketAddress("127.0.0.1", 0), started.ref()));
    InetSocketAddress v4 = started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertEquals(new InetSocketAddress("127.0.0.1", v4.getPort()), v4);
    echoOnce(v4);
    if (ipv6LoopbackAvailable()) {
      assertThrows(
          ConnectException.class,
          () -> connect(new InetSocketAddress("::1", v4.getPort())).close());
    }
  }

  @Test
  @Timeout(60)
  void manyConcurrentConnectionsOverBothFamilies() throws Exception {
    boolean v6 = ipv6LoopbackAvailable();
    int connections = 24;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        InetSocketAddress to = v6 && c % 2 == 1 ? ipv6() : ipv4();
        int seed = c;
        results.add(pool.submit(pingPong(to, seed)));
      }
      for (Future<Long> f : results) {
        assertTrue(f.get(30, TimeUnit.SECONDS) > 0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** 200 rounds of a message of 1 to 8 KiB, each read back before the next is sent. */
  static Callable<Long> pingPong(InetSocketAddress to, int seed) {
    return () -> {
      Random random = new Random(seed);
      long total = 0;
      try (Socket s = connect(to)) {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        for (int round = 0; round < 200; round++) {
          byte[] msg = new byte[1 + random.nextInt(8192)];
          random.nextBytes(msg);
          out.write(msg);
          out.flush();
          assertArrayEquals(msg, readExactly(in, msg.length), "round " + round + " to " + to);
          total += msg.length;
        }
        s.shutdownOutput();
        assertEquals(-1, in.read());
      }
      return total;
    };
  }

  @Test
  @Timeout(60)
  void eightMiBThroughOneConnectionWithConcurrentWriterAndReader() throws Exception {
    int size = 8 << 20;
    byte[] data = randomBytes(size, 42);
    byte[] expected = sha256(data, data.length);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (Socket s = connect(ipv4())) {
      Future<?> written =
          writer.submit(
              () -> {
                SplittableRandom chunks = new SplittableRandom(1);
                OutputStream out = s.getOutputStream();
                int off = 0;
                while (off < size) {
                  int n = Math.min(size - off, 1 + chunks.nextInt(64 * 1024));
                  out.write(data, off, n);
                  off += n;
                }
                out.flush();
                s.shutdownOutput();
                return null;
              });
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long received = 0;
      for (int n; (n = in.read(buf)) != -1; ) {
        digest.update(buf, 0, n);
        received += n;
      }
      written.get(10, TimeUnit.SECONDS);
      assertEquals(size, received);
      assertArrayEquals(expected, digest.digest(), "SHA-256 of the echo");
    } finally {
      writer.shutdownNow();
    }
  }

  /**
   * A client that writes but does not read is pushed back: the server echoes only while its echoes
   * are taken, so at most the socket buffers plus one receive window are in flight and the writer
   * blocks. The negative check waits a bounded 3 s (the writer would need well under a second
   * without flow control); then the client reads, and everything comes back intact.
   */
  @Test
  @Timeout(60)
  void aClientThatDoesNotReadIsPushedBack() throws Exception {
    int size = 64 << 20;
    byte[] data = randomBytes(size, 99);
    AtomicLong written = new AtomicLong();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (Socket s = connect(ipv4())) {
      Future<?> done =
          writer.submit(
              () -> {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < size; off += 64 * 1024) {
                  out.write(data, off, Math.min(64 * 1024, size - off));
                  written.addAndGet(Math.min(64 * 1024, size - off));
                }
                s.shutdownOutput();
                return null;
              });
      assertThrows(
          TimeoutException.class,
          () -> done.get(3, TimeUnit.SECONDS),
          "the writer must stall while nobody reads the echo");
      long stalledAt = written.get();
      assertTrue(stalledAt < size / 2, "stalled after " + stalledAt + " bytes");
      LoggerFactory.getLogger(EchoServerTest.class)
          .info("Writer stalled after {} bytes while the client did not read", stalledAt);

      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long received = 0;
      for (int n; (n = in.read(buf)) != -1; ) {
        digest.update(buf, 0, n);
        received += n;
      }
      done.get(10, TimeUnit.SECONDS);
      assertEquals(size, received);
      assertArrayEquals(sha256(data, size), digest.digest());
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aResetConnectionDoesNotDisturbTheServer() throws IOException {
    try (Socket s = connect(ipv4())) {
      s.getOutputStream().write(randomBytes(10_000, 3));
      s.setSoLinger(true, 0); // close() now sends RST
    }
    echoOnce(ipv4());
  }

  @Test
  void bindFailureIsReportedAndLogged() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      TestProbe<ServerStartup> started = testKit.createTestProbe();
      InetSocketAddress busy = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      ServerStartup.StartFailed failed =
          LoggingTestKit.error("could not start on 127.0.0.1:" + taken.getLocalPort())
              .expect(
                  testKit.system(),
                  () -> {
                    testKit.spawn(EchoServer.create(busy, started.ref()));
                    return started.expectMessageClass(ServerStartup.StartFailed.class, T);
                  });
      assertEquals("bind", failed.step());
      assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, failed.status());
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] sha256(byte[] b, int n) throws NoSuchAlgorithmException {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(b, 0, n);
    return d.digest();
  }
}
