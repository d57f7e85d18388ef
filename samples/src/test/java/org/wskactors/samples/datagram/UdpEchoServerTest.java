package org.wskactors.samples.datagram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.WskStatus;
import org.wskactors.samples.ServerStartup;

/**
 * The UDP echo server in-process on {@code [::]:0}, driven by plain {@link DatagramSocket} clients
 * over IPv4 and IPv6 loopback. Every receive is bounded by {@link DatagramSocket#setSoTimeout},
 * every future and probe by an explicit timeout. Loopback does not lose datagrams while the clients
 * keep few in flight, so every datagram is expected back.
 */
@ExtendWith(LogCapturingExtension.class)
class UdpEchoServerTest {
  /** The ActorSystem of this class, with the shared server. */
  static final ActorTestKit testKit = ActorTestKit.create("UdpEchoServerTest");

  /** The bound on every probe wait. */
  static final Duration T = Duration.ofSeconds(10);

  /** The bound on every client receive. */
  static final int RECEIVE_TIMEOUT_MS = 10_000;

  /** The shared server's bound address, {@code [::]:port}. */
  static InetSocketAddress serverAddress;

  /** Starts the shared server on {@code [::]:0}. */
  @BeforeAll
  static void startServer() {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(UdpEchoServer.create(0, started.ref()), "udp-echo");
    serverAddress = started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertTrue(serverAddress.getPort() > 0, "bound to a real port");
    assertTrue(serverAddress.getAddress().isAnyLocalAddress(), "bound to the wildcard address");
  }

  /** Stops the ActorSystem, closing the sockets. */
  @AfterAll
  static void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  /** The shared server over IPv4 loopback. */
  static InetSocketAddress ipv4() {
    return new InetSocketAddress("127.0.0.1", serverAddress.getPort());
  }

  /** The shared server over IPv6 loopback. */
  static InetSocketAddress ipv6() {
    return new InetSocketAddress("::1", serverAddress.getPort());
  }

  /** True when this host has ::1 (a socket can bind it). */
  static boolean ipv6LoopbackAvailable() {
    try (DatagramSocket s = new DatagramSocket(null)) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A client socket on the loopback address of {@code server}'s family, any port. */
  static DatagramSocket client(InetSocketAddress server) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
    s.setSoTimeout(RECEIVE_TIMEOUT_MS);
    s.setReceiveBufferSize(1 << 20);
    return s;
  }

  /** Receives one datagram (bounded wait) and checks that it came from {@code from}. */
  static byte[] receiveFrom(DatagramSocket s, InetSocketAddress from) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
    s.receive(p);
    assertEquals(from, p.getSocketAddress(), "the echo comes from the server's port");
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  /** {@code n} random bytes from {@code seed}. */
  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Sends {@code size} random bytes from a new client and expects them back from the server. */
  static void echoRoundTrip(InetSocketAddress to, int size) throws IOException {
    try (DatagramSocket s = client(to)) {
      byte[] data = randomBytes(size, size);
      s.send(new DatagramPacket(data, data.length, to));
      assertArrayEquals(data, receiveFrom(s, to), size + " bytes over " + to);
    }
  }

  /** Empty, 1-byte, MTU-sized and largest IPv4 datagrams come back over IPv4. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 1400, SendTo.MAX_IPV4_DATAGRAM})
  void echoesOverIpv4Loopback(int size) throws IOException {
    echoRoundTrip(ipv4(), size);
  }

  /** The same sizes come back over IPv6 from the same dual-stack socket. */
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 1400, SendTo.MAX_IPV4_DATAGRAM})
  void echoesOverIpv6LoopbackOnTheSameSocket(int size) throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    echoRoundTrip(ipv6(), size);
  }

  /** The server logs its bound address at INFO. */
  @Test
  void logsTheBoundAddressAtInfo() {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    LoggingTestKit.info("UDP echo server listening on [::]:")
        .expect(
            testKit.system(),
            () -> {
              testKit.spawn(UdpEchoServer.create(0, started.ref()));
              return started.expectMessageClass(ServerStartup.Listening.class, T);
            });
  }

  /**
   * 3,000 datagrams of 1 to 2,000 bytes, 32 in flight at a time, each carrying its sequence number:
   * all come back once and intact. They are far more bytes than one receive window, so this also
   * shows that the server releases what it retained.
   */
  @Test
  @Timeout(60)
  void manyDatagramsAllComeBack() throws Exception {
    assertEquals(3_000, pipelined(ipv4(), 0, 3_000, 32));
  }

  /**
   * Two clients, one over IPv4 and one over IPv6 (or both IPv4), send at the same time; each gets
   * exactly its own datagrams back.
   */
  @Test
  @Timeout(60)
  void twoClientsTalkingAtOnceEachGetTheirOwnEchoes() throws Exception {
    InetSocketAddress second = ipv6LoopbackAvailable() ? ipv6() : ipv4();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      results.add(pool.submit(() -> pipelined(ipv4(), 1, 1_000, 16)));
      results.add(pool.submit(() -> pipelined(second, 2, 1_000, 16)));
      for (Future<Integer> f : results) assertEquals(1_000, f.get(50, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Sends {@code count} datagrams from one client socket, at most {@code window} unanswered, each
   * made of the client id, a sequence number and seeded random bytes; checks every echo's sender,
   * client id and content, and that each sequence number comes back exactly once.
   *
   * @return how many came back
   */
  static int pipelined(InetSocketAddress to, int clientId, int count, int window)
      throws IOException {
    try (DatagramSocket s = client(to)) {
      BitSet seen = new BitSet(count);
      int sent = 0;
      int received = 0;
      while (received < count) {
        while (sent < count && sent - received < window) {
          byte[] d = datagram(clientId, sent);
          s.send(new DatagramPacket(d, d.length, to));
          sent++;
        }
        byte[] echo;
        try {
          echo = receiveFrom(s, to);
        } catch (SocketTimeoutException e) {
          throw new AssertionError(
              "client "
                  + clientId
                  + ": no echo within "
                  + RECEIVE_TIMEOUT_MS
                  + " ms after "
                  + received
                  + " of "
                  + count,
              e);
        }
        ByteBuffer b = ByteBuffer.wrap(echo);
        assertEquals(clientId, b.getInt(), "an echo of another client's datagram");
        int seq = b.getInt();
        assertTrue(seq >= 0 && seq < sent, "sequence number " + seq);
        assertTrue(!seen.get(seq), "sequence number " + seq + " came back twice");
        seen.set(seq);
        assertArrayEquals(datagram(clientId, seq), echo, "content of " + seq);
        received++;
      }
      return received;
    }
  }

  /**
   * The datagram {@code seq} of client {@code clientId}: id, sequence number, seeded random bytes.
   */
  static byte[] datagram(int clientId, int seq) {
    Random r = new Random(clientId * 1_000_003L + seq);
    byte[] d = new byte[8 + r.nextInt(1_993)];
    r.nextBytes(d);
    ByteBuffer.wrap(d).putInt(clientId).putInt(seq);
    return d;
  }

  /** Bound to 127.0.0.1 the server serves IPv4 and nothing answers on ::1. */
  @Test
  void anIpv4BindAddressGivesAnIpv4OnlyServer() throws IOException {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(UdpEchoServer.create(new InetSocketAddress("127.0.0.1", 0), started.ref()));
    InetSocketAddress v4 = started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertEquals(new InetSocketAddress("127.0.0.1", v4.getPort()), v4);
    echoRoundTrip(v4, 100);
    if (ipv6LoopbackAvailable()) {
      // Nothing listens on [::1] at that port: no echo within a bounded 500 ms.
      InetSocketAddress v6 = new InetSocketAddress("::1", v4.getPort());
      try (DatagramSocket s = client(v6)) {
        s.setSoTimeout(500);
        s.send(new DatagramPacket(new byte[] {1}, 1, v6));
        assertThrows(IOException.class, () -> s.receive(new DatagramPacket(new byte[16], 16)));
      }
    }
  }

  /** Bound to ::1 the server serves IPv6. */
  @Test
  void anIpv6LoopbackBindAddressGivesAnIpv6Server() throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(UdpEchoServer.create(new InetSocketAddress("::1", 0), started.ref()));
    InetSocketAddress v6 = started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertEquals(InetAddress.getByName("::1"), v6.getAddress());
    echoRoundTrip(v6, 100);
  }

  /** A taken port gives StartFailed at the bind step with STATUS_ADDRESS_ALREADY_EXISTS. */
  @Test
  void bindFailureIsReportedAndLogged() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      TestProbe<ServerStartup> started = testKit.createTestProbe();
      InetSocketAddress busy = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      ServerStartup.StartFailed failed =
          LoggingTestKit.error("could not start on 127.0.0.1:" + taken.getLocalPort())
              .expect(
                  testKit.system(),
                  () -> {
                    testKit.spawn(UdpEchoServer.create(busy, started.ref()));
                    return started.expectMessageClass(ServerStartup.StartFailed.class, T);
                  });
      assertEquals("bind", failed.step());
      assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, failed.status());
      assertEquals(busy, failed.requested());
    }
  }

  /** A line of text over IPv4, as a person would try it with socat. */
  @Test
  void aLineOfTextComesBackUnchanged() throws IOException {
    try (DatagramSocket s = client(ipv4())) {
      byte[] hi = "hi\n".getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(hi, hi.length, ipv4()));
      assertEquals("hi\n", new String(receiveFrom(s, ipv4()), StandardCharsets.US_ASCII));
    }
  }
}
