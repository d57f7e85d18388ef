package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskProvider;
import org.wskactors.runtime.WskFixture;

/**
 * Nothing lost, nothing reordered. Stream: seeded pseudo-random bytes through an echo server over
 * several connections at once, random chunk sizes on the sender, random pauses in the receiving
 * handler (late replies, and indications retained and released later, so the receive window fills
 * and drains); every byte comes back in order (SHA-256 of what was sent equals that of what came
 * back). Datagrams: sequence number, length and CRC-32 in each datagram through a UDP echo; no
 * datagram corrupted or duplicated, losses and reordering counted and reported.
 *
 * <p>The stream runs twice: with the sockets and handlers on Pekko's default dispatcher (the whole
 * size), and with the sockets, the handlers and the clients on the runtime's loop dispatcher with
 * two selector threads (an eighth of it).
 *
 * <p>Sizes: {@code -Dwsk.reliability.bytes=1g} (default {@value #DEFAULT_BYTES}, suffixes k, m, g),
 * {@code -Dwsk.reliability.connections=4}, {@code -Dwsk.reliability.datagrams=20000}.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class IntegrityTest {
  /** Sockets on Pekko's default dispatcher, the pool (the loop is the default, tested below). */
  static final ActorTestKit testKit =
      ActorTestKit.create(
          "IntegrityTest",
          ConfigFactory.parseString(
                  "wsk-actors.socket-dispatcher = \"pekko.actor.default-dispatcher\"")
              .withFallback(ConfigFactory.load()));

  static final Duration T = RelFixture.T;
  static final String DEFAULT_BYTES = "1g";
  static final long TOTAL = parseSize(System.getProperty("wsk.reliability.bytes", DEFAULT_BYTES));
  static final int CONNECTIONS = Integer.getInteger("wsk.reliability.connections", 4);
  static final int DATAGRAMS = Integer.getInteger("wsk.reliability.datagrams", 20_000);
  static final long SEED = 20_261_124L;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static long parseSize(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    char last = v.charAt(v.length() - 1);
    if (last == 'k') unit = 1L << 10;
    else if (last == 'm') unit = 1L << 20;
    else if (last == 'g') unit = 1L << 30;
    if (unit > 1) v = v.substring(0, v.length() - 1);
    return Long.parseLong(v) * unit;
  }

  /** A deterministic byte stream from a seeded PRNG, read in chunks of any size. */
  static final class DataStream {
    private final SplittableRandom rnd;
    private long word;
    private int left;

    DataStream(long seed) {
      this.rnd = new SplittableRandom(seed);
    }

    byte[] next(int n) {
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        if (left == 0) {
          word = rnd.nextLong();
          left = 8;
        }
        b[i] = (byte) word;
        word >>>= 8;
        left--;
      }
      return b;
    }
  }

  // ---- stream: echo server -------------------------------------------------------------------

  /**
   * The echo server's listen handler: each accepted connection gets its own echo actor, spawned
   * with {@code props} (its dispatcher).
   */
  static Behavior<Object> echoServer(Props props) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Object.class)
                .onMessage(
                    AcceptEvent.class,
                    e -> {
                      ActorRef<Object> echo = ctx.spawnAnonymous(echoConnection(), props);
                      e.replyTo()
                          .tell(
                              AcceptEventResponse.accept(
                                  echo.narrow(), WskEvent.RECEIVE, WskEvent.DISCONNECT));
                      return Behaviors.same();
                    })
                .build());
  }

  /**
   * Echoes each indication with a Send, retains it, and releases it when that Send completed, so a
   * slow reader on the other side pushes back through this socket's window to its sender.
   */
  static Behavior<Object> echoConnection() {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Object> self = ctx.getSelf();
          ArrayDeque<Long> toRelease = new ArrayDeque<>();
          ActorRef<ConnectionSocket.Command>[] socket = slot();
          return Behaviors.receive(Object.class)
              .onMessage(
                  ReceiveEvent.class,
                  e -> {
                    socket[0] = e.socket();
                    e.socket().tell(new Send(e.data(), self.narrow()));
                    toRelease.add(e.indicationId());
                    e.replyTo().tell(ReceiveEventResponse.retained());
                    return Behaviors.same();
                  })
              .onMessage(
                  SendCompleted.class,
                  s -> {
                    if (!s.status().isSuccess())
                      throw new IllegalStateException("echo " + s.status());
                    socket[0].tell(new Release(toRelease.poll()));
                    return Behaviors.same();
                  })
              .onMessage(
                  DisconnectEvent.class,
                  d -> {
                    // The client's FIN: ours goes after the queued echoes.
                    socket[0] = d.socket();
                    d.socket().tell(new Disconnect(null, 0, self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(
                  DisconnectCompleted.class,
                  d -> {
                    socket[0].tell(new CloseSocket(self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(CloseCompleted.class, c -> Behaviors.stopped())
              .build();
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> ActorRef<T>[] slot() {
    return (ActorRef<T>[]) new ActorRef<?>[1];
  }

  // ---- stream: client ------------------------------------------------------------------------

  /** One connection's result. */
  record StreamDone(
      int conn,
      long sent,
      long received,
      byte[] sentSha,
      byte[] receivedSha,
      List<String> errors) {}

  private record Release1(ActorRef<ConnectionSocket.Command> socket, long id) {}

  private record ReplyLater(ActorRef<ReceiveEventResponse> replyTo) {}

  /**
   * Sends {@code total} bytes of stream {@code conn} in random chunks (at most 1 MiB outstanding),
   * reads the echo with random pauses, and reports {@link StreamDone} after the server's FIN.
   */
  static Behavior<Object> streamClient(
      int conn,
      long total,
      ActorRef<WskProvider.Command> provider,
      InetSocketAddress server,
      ActorRef<StreamDone> report) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<Object> self = ctx.getSelf();
                  DataStream data = new DataStream(SEED + conn);
                  SplittableRandom sizes = new SplittableRandom(SEED * 31 + conn);
                  SplittableRandom pauses = new SplittableRandom(SEED * 17 + conn);
                  MessageDigest sentSha = MessageDigest.getInstance("SHA-256");
                  MessageDigest gotSha = MessageDigest.getInstance("SHA-256");
                  long[] n = {0, 0, 0, 0}; // sent, outstanding, received, timer keys
                  boolean[] flags = {
                    false, false, false
                  }; // our FIN done, their FIN seen, ours asked
                  List<String> errors = new ArrayList<>();
                  ActorRef<ConnectionSocket.Command>[] socket = slot();
                  Runnable fill =
                      () -> {
                        while (n[0] < total && n[1] < (1 << 20)) {
                          // Mostly small and medium chunks, sometimes up to 256 KiB.
                          int max = sizes.nextInt(10) == 0 ? 256 * 1024 : 16 * 1024;
                          int size = (int) Math.min(total - n[0], 1 + sizes.nextInt(max));
                          byte[] chunk = data.next(size);
                          sentSha.update(chunk);
                          socket[0].tell(
                              new Send(ByteString.fromArrayUnsafe(chunk), self.narrow()));
                          n[0] += size;
                          n[1] += size;
                        }
                        if (n[0] == total && n[1] == 0 && !flags[2]) {
                          flags[2] = true;
                          socket[0].tell(new Disconnect(null, 0, self.narrow()));
                        }
                      };
                  Runnable maybeDone =
                      () -> {
                        if (flags[0] && flags[1]) {
                          report.tell(
                              new StreamDone(
                                  conn, n[0], n[2], sentSha.digest(), gotSha.digest(), errors));
                          socket[0].tell(new CloseSocket(self.narrow()));
                        }
                      };
                  provider.tell(
                      new SocketConnect(
                          RelFixture.LOOPBACK_ANY_PORT,
                          server,
                          self.narrow(),
                          null,
                          self.narrow()));
                  return Behaviors.receive(Object.class)
                      .onMessage(
                          SocketConnectCompleted.class,
                          c -> {
                            if (!c.status().isSuccess()) {
                              errors.add("connect " + c.status());
                              report.tell(
                                  new StreamDone(conn, 0, 0, new byte[0], new byte[1], errors));
                              return Behaviors.stopped();
                            }
                            socket[0] = c.socket();
                            socket[0].tell(
                                new org.wskactors.protocol.SetOption<>(
                                    org.wskactors.protocol.SocketOption.SO_WSK_EVENT_CALLBACK,
                                    org.wskactors.protocol.EventCallbackControl.enable(
                                        WskEvent.RECEIVE, WskEvent.DISCONNECT),
                                    ctx.getSystem().ignoreRef()));
                            fill.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          SendCompleted.class,
                          s -> {
                            if (!s.status().isSuccess()) errors.add("send " + s.status());
                            n[1] -= s.bytesSent() > 0 ? s.bytesSent() : 0;
                            if (!s.status().isSuccess()) return Behaviors.same();
                            fill.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          ReceiveEvent.class,
                          e -> {
                            for (ByteBuffer b : e.data().getByteBuffers()) gotSha.update(b);
                            n[2] += e.data().size();
                            int r = pauses.nextInt(100);
                            if (r < 30) {
                              // Retained, released after a random pause: the window fills and
                              // drains.
                              e.replyTo().tell(ReceiveEventResponse.retained());
                              timers.startSingleTimer(
                                  n[3]++,
                                  new Release1(e.socket(), e.indicationId()),
                                  Duration.ofMillis(pauses.nextInt(20)));
                            } else if (r < 45) {
                              // The handler pauses before it answers: no further indication
                              // meanwhile.
                              timers.startSingleTimer(
                                  n[3]++,
                                  new ReplyLater(e.replyTo()),
                                  Duration.ofMillis(pauses.nextInt(5)));
                            } else {
                              e.replyTo().tell(ReceiveEventResponse.consumed());
                            }
                            return Behaviors.same();
                          })
                      .onMessage(
                          Release1.class,
                          m -> {
                            m.socket().tell(new Release(m.id()));
                            return Behaviors.same();
                          })
                      .onMessage(
                          ReplyLater.class,
                          m -> {
                            m.replyTo().tell(ReceiveEventResponse.consumed());
                            return Behaviors.same();
                          })
                      .onMessage(
                          DisconnectCompleted.class,
                          d -> {
                            if (!d.status().isSuccess()) errors.add("disconnect " + d.status());
                            flags[0] = true;
                            maybeDone.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          DisconnectEvent.class,
                          d -> {
                            if (d.abortive()) errors.add("abortive disconnect");
                            flags[1] = true;
                            maybeDone.run();
                            return Behaviors.same();
                          })
                      .onMessage(CloseCompleted.class, c -> Behaviors.stopped())
                      .build();
                }));
  }

  @Test
  void everyByteComesBackInOrderOverSeveralConnections() {
    streamIntegrity(
        testKit, Props.empty(), TOTAL, "sockets and handlers on the default dispatcher");
  }

  /**
   * The same with the echo handlers and the clients on {@code wsk-actors.loop-dispatcher} too: all
   * of it runs on two read selector threads, which also read the channels (an eighth of the bytes).
   */
  @Test
  void everyByteComesBackInOrderOnTheLoopDispatcher() {
    ActorTestKit loopKit =
        ActorTestKit.create(
            "IntegrityTestLoop",
            ConfigFactory.parseString("wsk-actors.connection.read-selectors = 2")
                .withFallback(ConfigFactory.load()));
    try {
      streamIntegrity(
          loopKit,
          DispatcherSelector.fromConfig("wsk-actors.loop-dispatcher"),
          TOTAL / 8,
          "everything on the loop dispatcher");
    } finally {
      loopKit.shutdownTestKit();
    }
  }

  private static void streamIntegrity(ActorTestKit kit, Props props, long total, String where) {
    RelFixture f = new RelFixture(kit, "integrity-stream");
    ActorRef<Object> server = kit.spawn(echoServer(props), "echo-server", props);
    WskFixture.Bound l = f.boundListener(server.narrow());
    f.enable(l.socket(), WskEvent.ACCEPT);
    TestProbe<StreamDone> done = kit.createTestProbe();
    long perConn = total / CONNECTIONS;
    long start = System.nanoTime();
    for (int c = 0; c < CONNECTIONS; c++) {
      kit.spawn(
          streamClient(c, perConn, f.provider, l.address(), done.ref()), "client-" + c, props);
    }
    long bytes = 0;
    for (int c = 0; c < CONNECTIONS; c++) {
      StreamDone d = done.receiveMessage(Duration.ofSeconds(540));
      assertEquals(List.of(), d.errors(), "connection " + d.conn());
      assertEquals(perConn, d.sent());
      assertEquals(perConn, d.received(), "connection " + d.conn() + ": every byte came back");
      assertArrayEquals(d.sentSha(), d.receivedSha(), "connection " + d.conn() + ": in order");
      bytes += d.received();
    }
    long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    System.out.printf(
        "RELIABILITY stream integrity (%s): %d connections, %d MiB each way, %d ms,"
            + " %.0f MB/s echoed%n",
        where, CONNECTIONS, bytes >> 20, ms, bytes / 1e3 / ms);
    f.awaitSocketCount(1); // both ends of every connection closed
    f.close(l.socket());
    f.awaitSocketCount(0);
  }

  // ---- datagrams -----------------------------------------------------------------------------

  static final int HEADER = 16;
  static final int MAX_PAYLOAD = SendTo.MAX_IPV4_DATAGRAM - HEADER;

  /** seq (8) | payload length (4) | CRC-32 of seq and payload (4) | payload. */
  static ByteString datagram(long seq) {
    SplittableRandom r = new SplittableRandom(SEED ^ (seq * 0x9E3779B97F4A7C15L));
    int len = r.nextInt(50) == 0 ? MAX_PAYLOAD : r.nextInt(8192);
    byte[] b = new byte[HEADER + len];
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
    bb.putLong(seq).putInt(len);
    for (int i = HEADER; i < b.length; i++) b[i] = (byte) r.nextInt();
    CRC32 crc = new CRC32();
    crc.update(b, 0, 8);
    crc.update(b, HEADER, len);
    bb.putInt(12, (int) crc.getValue());
    return ByteString.fromArrayUnsafe(b);
  }

  /** The sequence number of an intact datagram, or -1 when it is corrupt. */
  static long check(ByteString d) {
    if (d.size() < HEADER) return -1;
    ByteBuffer bb = d.asByteBuffer().order(ByteOrder.BIG_ENDIAN);
    long seq = bb.getLong(0);
    int len = bb.getInt(8);
    int sum = bb.getInt(12);
    if (len != d.size() - HEADER) return -1;
    byte[] b = d.toArray();
    CRC32 crc = new CRC32();
    crc.update(b, 0, 8);
    crc.update(b, HEADER, len);
    return (int) crc.getValue() == sum ? seq : -1;
  }

  /** The UDP echo: every datagram straight back to its sender. */
  static Behavior<Object> udpEcho(ActorRef<String> errors) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Object> self = ctx.getSelf();
          return Behaviors.receive(Object.class)
              .onMessage(
                  ReceiveFromEvent.class,
                  e -> {
                    for (DatagramIndication d : e.datagrams()) {
                      e.socket().tell(new SendTo(d.data(), d.remoteAddress(), 0, self.narrow()));
                    }
                    e.replyTo().tell(ReceiveEventResponse.consumed());
                    return Behaviors.same();
                  })
              .onMessage(
                  SendToCompleted.class,
                  s -> {
                    if (!s.status().isSuccess()) errors.tell("echo " + s.status());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  record DatagramsDone(
      long sent,
      long received,
      long corrupt,
      long duplicates,
      long reordered,
      List<String> errors) {}

  private enum Tick {
    INSTANCE
  }

  /**
   * Sends {@code count} datagrams to {@code echo}, at most 64 unanswered at a time (one that never
   * comes back frees its place after a quiet 100 ms), and checks each one that returns.
   */
  static Behavior<Object> udpClient(
      ActorRef<DatagramSocket.Command> socket,
      InetSocketAddress echo,
      int count,
      ActorRef<DatagramsDone> report) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<Object> self = ctx.getSelf();
                  BitSet seen = new BitSet(count);
                  SplittableRandom pauses = new SplittableRandom(SEED);
                  long[] c = {
                    0, 0, 0, 0, 0, -1, 0, 0
                  }; // sent, received, corrupt, dup, reordered, maxSeq, inFlight, lastProgress
                  long[] timerKey = {0};
                  List<String> errors = new ArrayList<>();
                  Runnable fill =
                      () -> {
                        while (c[0] < count && c[6] < 64) {
                          socket.tell(new SendTo(datagram(c[0]), echo, 0, self.narrow()));
                          c[0]++;
                          c[6]++;
                        }
                      };
                  fill.run();
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(100));
                  return Behaviors.receive(Object.class)
                      .onMessage(
                          SendToCompleted.class,
                          s -> {
                            if (!s.status().isSuccess()) errors.add("send " + s.status());
                            return Behaviors.same();
                          })
                      .onMessage(
                          ReceiveFromEvent.class,
                          e -> {
                            for (DatagramIndication d : e.datagrams()) {
                              long seq = check(d.data());
                              if (seq < 0 || seq >= count) {
                                c[2]++;
                                continue;
                              }
                              if (seen.get((int) seq)) {
                                c[3]++;
                                continue;
                              }
                              seen.set((int) seq);
                              c[1]++;
                              if (seq < c[5]) c[4]++;
                              c[5] = Math.max(c[5], seq);
                              c[6] = Math.max(0, c[6] - 1);
                            }
                            c[7] = System.nanoTime();
                            if (pauses.nextInt(10) < 3) {
                              // Held a moment, then released: the socket's window fills and drains.
                              e.replyTo().tell(ReceiveEventResponse.retained());
                              timers.startSingleTimer(
                                  "release-" + timerKey[0]++,
                                  new Release(e.indicationId()),
                                  Duration.ofMillis(pauses.nextInt(10)));
                            } else {
                              e.replyTo().tell(ReceiveEventResponse.consumed());
                            }
                            fill.run();
                            return Behaviors.same();
                          })
                      .onMessage(
                          Release.class,
                          r -> {
                            socket.tell(r);
                            return Behaviors.same();
                          })
                      .onMessageEquals(
                          Tick.INSTANCE,
                          () -> {
                            boolean quiet =
                                System.nanoTime() - c[7] > TimeUnit.MILLISECONDS.toNanos(100);
                            if (quiet && c[0] == count) {
                              report.tell(new DatagramsDone(c[0], c[1], c[2], c[3], c[4], errors));
                              return Behaviors.stopped();
                            }
                            if (quiet) {
                              c[6] = 0; // what is still out is lost
                              fill.run();
                            }
                            return Behaviors.same();
                          })
                      .build();
                }));
  }

  @Test
  void datagramsArriveIntactAndLossesAreCounted() {
    RelFixture f = new RelFixture(testKit, "integrity-udp");
    TestProbe<String> echoErrors = testKit.createTestProbe();
    ActorRef<Object> echoHandler = testKit.spawn(udpEcho(echoErrors.ref()));
    ActorRef<DatagramSocket.Command> echo = f.datagram(AddressFamily.INET, echoHandler.narrow());
    InetSocketAddress echoAt = f.bind(echo, RelFixture.LOOPBACK_ANY_PORT);
    f.enable(echo, WskEvent.RECEIVE_FROM);

    TestProbe<DatagramsDone> done = testKit.createTestProbe();
    ActorRef<Object>[] client = slot();
    Behavior<Object> forward =
        Behaviors.receive(Object.class)
            .onAnyMessage(
                m -> {
                  client[0].tell(m);
                  return Behaviors.same();
                })
            .build();
    ActorRef<Object> events = testKit.spawn(forward);
    ActorRef<DatagramSocket.Command> mine = f.datagram(AddressFamily.INET, events.narrow());
    f.bind(mine, RelFixture.LOOPBACK_ANY_PORT);
    long start = System.nanoTime();
    client[0] = testKit.spawn(udpClient(mine, echoAt, DATAGRAMS, done.ref()));
    f.enable(mine, WskEvent.RECEIVE_FROM);
    DatagramsDone d = done.receiveMessage(Duration.ofSeconds(300));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf(
        "RELIABILITY datagram integrity: %d sent, %d back, %d lost, %d reordered, %d corrupt,"
            + " %d duplicated, %d ms%n",
        d.sent(),
        d.received(),
        d.sent() - d.received(),
        d.reordered(),
        d.corrupt(),
        d.duplicates(),
        ms);
    assertEquals(List.of(), d.errors());
    echoErrors.expectNoMessage(Duration.ofMillis(10));
    assertEquals(DATAGRAMS, d.sent());
    assertEquals(0, d.corrupt(), "no datagram corrupted");
    assertEquals(0, d.duplicates(), "no datagram duplicated");
    assertTrue(d.received() > 0 && d.received() <= d.sent());
    f.close(mine);
    f.close(echo);
    f.awaitSocketCount(0);
  }
}
