package org.wskactors.samples.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.DatagramSocket.Command;
import org.wskactors.protocol.DatagramSocket.Event;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;
import org.wskactors.samples.ServerStartup;

/**
 * The syslog collector in-process on {@code [::]:0} with a probe as its listener, fed by plain
 * {@link DatagramSocket}s and by the project's own datagram socket ({@link CreateDatagramSocket}
 * and {@link SendTo}). Each test starts its own collector, so counts and probes do not mix.
 */
@ExtendWith(LogCapturingExtension.class)
class SyslogCollectorTest {
  /** The ActorSystem of this class. */
  static final ActorTestKit testKit = ActorTestKit.create("SyslogCollectorTest");

  /** The bound on every probe wait. */
  static final Duration T = Duration.ofSeconds(10);

  /** Stops the ActorSystem, closing the sockets. */
  @AfterAll
  static void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  /** A started collector and the probe it sends messages to. */
  record Started(
      ActorRef<SyslogCollector.Command> collector,
      InetSocketAddress address,
      TestProbe<SyslogMessage> messages) {

    /** The collector over IPv4 loopback. */
    InetSocketAddress ipv4() {
      return new InetSocketAddress("127.0.0.1", address.getPort());
    }

    /** The collector over IPv6 loopback. */
    InetSocketAddress ipv6() {
      return new InetSocketAddress("::1", address.getPort());
    }

    /** Asks the collector for its counts (bounded wait). */
    SyslogCollector.Counts counts() {
      TestProbe<SyslogCollector.Counts> reply = testKit.createTestProbe();
      collector.tell(new SyslogCollector.GetCounts(reply.ref()));
      return reply.expectMessageClass(SyslogCollector.Counts.class, T);
    }
  }

  /** Starts a collector on {@code [::]:0} with a new listener probe. */
  static Started start() {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    TestProbe<SyslogMessage> messages = testKit.createTestProbe();
    ActorRef<SyslogCollector.Command> collector =
        testKit.spawn(
            SyslogCollector.create(
                new InetSocketAddress(UdpEchoServer.anyIpv6(), 0), started.ref(), messages.ref()));
    InetSocketAddress address =
        started.expectMessageClass(ServerStartup.Listening.class, T).address();
    assertTrue(address.getPort() > 0);
    return new Started(collector, address, messages);
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

  /** Sends each text as one datagram from a new socket; returns that socket's address. */
  static InetSocketAddress send(InetSocketAddress to, byte[]... datagrams) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(to.getAddress(), 0))) {
      for (byte[] d : datagrams) s.send(new DatagramPacket(d, d.length, to));
      return (InetSocketAddress) s.getLocalSocketAddress();
    }
  }

  /** The UTF-8 bytes of {@code s}. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every RFC 5424 field arrives, with the sender's address. */
  @Test
  void anRfc5424MessageFromAJavaSocketReachesTheListener() throws IOException {
    Started c = start();
    InetSocketAddress from =
        send(
            c.ipv4(),
            utf8(
                "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 77 ID47"
                    + " [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] \uFEFFAn"
                    + " application event log entry"));
    SyslogMessage m = c.messages().expectMessageClass(SyslogMessage.class, T);
    assertEquals(
        new SyslogMessage(
            20,
            5,
            SyslogMessage.Format.RFC5424,
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "evntslog",
            "77",
            "ID47",
            "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]",
            "An application event log entry",
            from),
        m);
  }

  /** An RFC 3164 line over IPv6 arrives, trailing newline removed. */
  @Test
  void anRfc3164MessageOverIpv6ReachesTheListener() throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    Started c = start();
    InetSocketAddress from =
        send(c.ipv6(), utf8("<38>Jan 15 08:01:02 server sshd[4321]: Accepted publickey\n"));
    SyslogMessage m = c.messages().expectMessageClass(SyslogMessage.class, T);
    assertEquals(SyslogMessage.Format.RFC3164, m.format());
    assertEquals("auth", m.facilityName());
    assertEquals("info", m.severityName());
    assertEquals("Jan 15 08:01:02", m.timestamp());
    assertEquals("server", m.hostname());
    assertEquals("sshd", m.appName());
    assertEquals("4321", m.procId());
    assertEquals("Accepted publickey", m.message());
    assertEquals(from, m.sender());
  }

  /**
   * A WSK client of the project sends both syntaxes with its own datagram socket: register, create,
   * bind to 127.0.0.1:0, two {@link SendTo}s, close, deregister.
   */
  @Test
  @SuppressWarnings("unchecked")
  void messagesFromTheProjectsOwnDatagramSocketReachTheListener() {
    Started c = start();
    TestProbe<Registered> registered = testKit.createTestProbe();
    Wsk.get(testKit.system())
        .subsystem()
        .tell(new Register("syslog-sender", null, registered.ref()));
    Registered r = registered.expectMessageClass(Registered.class, T);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());

    TestProbe<Event> events = testKit.createTestProbe();
    TestProbe<SocketCreated<Command>> created = testKit.createTestProbe();
    r.provider().tell(new CreateDatagramSocket(AddressFamily.INET, events.ref(), created.ref()));
    SocketCreated<Command> sc =
        (SocketCreated<Command>) created.expectMessageClass(SocketCreated.class, T);
    assertEquals(WskStatus.STATUS_SUCCESS, sc.status());
    ActorRef<Command> socket = sc.socket();

    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    socket.tell(new Bind(new InetSocketAddress("127.0.0.1", 0), bound.ref()));
    BindCompleted b = bound.expectMessageClass(BindCompleted.class, T);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());

    TestProbe<SendToCompleted> sent = testKit.createTestProbe();
    String rfc5424 = "<134>1 2024-05-06T07:08:09Z wsk app 1 - - from WSK";
    String rfc3164 = "<12>May  6 07:08:09 wsk app[1]: also from WSK";
    for (String line : new String[] {rfc5424, rfc3164}) {
      socket.tell(new SendTo(ByteString.fromString(line), c.ipv4(), WskFlags.NONE, sent.ref()));
      SendToCompleted done = sent.expectMessageClass(SendToCompleted.class, T);
      assertEquals(WskStatus.STATUS_SUCCESS, done.status());
      assertEquals(line.length(), done.bytesSent());
    }

    SyslogMessage first = c.messages().expectMessageClass(SyslogMessage.class, T);
    assertEquals(SyslogMessage.Format.RFC5424, first.format());
    assertEquals("local0", first.facilityName());
    assertEquals("from WSK", first.message());
    assertEquals(b.localAddress(), first.sender());
    SyslogMessage second = c.messages().expectMessageClass(SyslogMessage.class, T);
    assertEquals(SyslogMessage.Format.RFC3164, second.format());
    assertEquals("warning", second.severityName());
    assertEquals("also from WSK", second.message());
    assertEquals(b.localAddress(), second.sender());

    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    socket.tell(new CloseSocket(closed.ref()));
    closed.expectMessageClass(CloseCompleted.class, T);
    TestProbe<Deregistered> deregistered = testKit.createTestProbe();
    r.provider().tell(new Deregister(deregistered.ref()));
    deregistered.expectMessageClass(Deregistered.class, T);
  }

  /** Malformed datagrams are logged at WARN and counted; a good one after them still arrives. */
  @Test
  void malformedDatagramsAreLoggedAndCountedAndTheCollectorKeepsWorking() throws IOException {
    Started c = start();
    byte[][] bad = {
      utf8("not syslog at all"),
      utf8("<999>1 - - - - - - x"),
      utf8("<13>1 2024-01-01T00:00:00Z host app 1 ID [sd@1 a=\"b\""),
      new byte[] {'<', '1', '3', '>', 'h', 'i', ' ', (byte) 0xC3, 0x28},
      new byte[0]
    };
    LoggingTestKit.warn("Malformed syslog datagram")
        .withOccurrences(bad.length)
        .expect(
            testKit.system(),
            () -> {
              try {
                return send(c.ipv4(), bad);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    LoggingTestKit.warn("PRI 999 is out of range")
        .expect(
            testKit.system(),
            () -> {
              try {
                return send(c.ipv4(), utf8("<999>again"));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    send(c.ipv4(), utf8("<13>Nov 24 03:55:08 vm root: still here"));
    assertEquals("still here", c.messages().expectMessageClass(SyslogMessage.class, T).message());
    assertEquals(new SyslogCollector.Counts(1, bad.length + 1), c.counts());
    c.messages().expectNoMessage(Duration.ofMillis(100));
  }

  /** Line feeds and control bytes of a malformed datagram cannot forge log lines. */
  @Test
  void theRawTextOfAMalformedDatagramIsEscapedInTheLog() throws IOException {
    Started c = start();
    LoggingTestKit.warn("\"line1\\nline2\\x07\"")
        .expect(
            testKit.system(),
            () -> {
              try {
                return send(c.ipv4(), utf8("line1\nline2\u0007"));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** err at ERROR, warning at WARN, info at INFO, debug at DEBUG, on the {@code syslog} logger. */
  @Test
  void messagesAreLoggedToTheSyslogLoggerAtTheLevelOfTheirSeverity() {
    Started c = start();
    expectLogged(c, LoggingTestKit.error("user.err from"), "<11>1 - h app - - - disk failed");
    expectLogged(c, LoggingTestKit.warn("user.warning from"), "<12>1 - h app - - - disk 90%");
    expectLogged(c, LoggingTestKit.info("user.info from"), "<14>Nov 24 03:55:08 h app: ok");
    expectLogged(c, LoggingTestKit.debug("user.debug from"), "<15>Nov 24 03:55:08 h app: detail");
  }

  /** Sends {@code line} and expects {@code expected} on the {@code syslog} logger. */
  static void expectLogged(Started c, LoggingTestKit expected, String line) {
    expected
        .withLoggerName(SyslogCollector.LOGGER_NAME)
        .expect(
            testKit.system(),
            () -> {
              try {
                send(c.ipv4(), utf8(line));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              return c.messages().expectMessageClass(SyslogMessage.class, T);
            });
  }

  /**
   * 400 messages from four sockets, taking turns, in batches of 20 (so the kernel's receive buffer
   * never overflows): every one arrives once, attributed to its own sender.
   */
  @Test
  void manyMessagesFromSeveralSendersAllArrive() throws IOException {
    Started c = start();
    int senders = 4;
    int total = 400;
    int batch = 20;
    DatagramSocket[] sockets = new DatagramSocket[senders];
    try {
      for (int s = 0; s < senders; s++) {
        sockets[s] = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < total; i++) {
        int s = i % senders;
        byte[] line = utf8("<14>1 - host" + s + " app - - - message " + i);
        sockets[s].send(new DatagramPacket(line, line.length, c.ipv4()));
        if ((i + 1) % batch != 0) continue;
        for (int k = 0; k < batch; k++) {
          SyslogMessage m = c.messages().expectMessageClass(SyslogMessage.class, T);
          int from = Integer.parseInt(m.hostname().substring("host".length()));
          assertEquals(sockets[from].getLocalSocketAddress(), m.sender(), m.toString());
          assertTrue(seen.add(m.message()), "twice: " + m);
        }
      }
      assertEquals(total, seen.size());
      assertEquals(new SyslogCollector.Counts(total, 0), c.counts());
    } finally {
      for (DatagramSocket s : sockets) {
        if (s != null) s.close();
      }
    }
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
                    testKit.spawn(SyslogCollector.create(busy, started.ref(), null));
                    return started.expectMessageClass(ServerStartup.StartFailed.class, T);
                  });
      assertEquals("bind", failed.step());
      assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, failed.status());
    }
  }
}
