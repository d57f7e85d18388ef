package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskProvider;
import org.wskactors.runtime.WskFixture;

/**
 * No leaks: 10,000 connect/send/close cycles and 10,000 accept/close cycles leave the process's
 * open file descriptors, the client's live socket actors and the heap after a full GC where they
 * were (heap within {@link #HEAP_TOLERANCE}: 10,000 cycles leaking even 1 KiB each would pass it).
 * Several cycles run at once ({@link #CONCURRENCY}) to keep each run short. The cycle count is
 * {@code -Dwsk.reliability.cycles=N} (default 10,000).
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LeakTest {
  static final ActorTestKit testKit = ActorTestKit.create("LeakTest");
  static final Duration T = RelFixture.T;
  static final int CYCLES = Integer.getInteger("wsk.reliability.cycles", 10_000);
  static final int CONCURRENCY = 8;
  static final int WARM_UP = 500;
  static final long HEAP_TOLERANCE = 8L << 20;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  // Tens of thousands of DEBUG lines would be captured in memory by the test log appender and
  // read as a heap leak: the loops run at INFO.
  private final List<Logger> quieted = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();

  @BeforeEach
  void quiet() {
    for (String name : new String[] {"org.wskactors", "org.apache.pekko"}) {
      Logger l = (Logger) LoggerFactory.getLogger(name);
      quieted.add(l);
      levels.add(l.getLevel());
      l.setLevel(Level.INFO);
    }
  }

  @AfterEach
  void loud() {
    for (int i = 0; i < quieted.size(); i++) quieted.get(i).setLevel(levels.get(i));
    quieted.clear();
    levels.clear();
  }

  static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Where a run started: fds, heap after GC, sockets of the client. */
  record Snapshot(int fds, long heap, int sockets) {}

  static Snapshot snapshot(RelFixture f) {
    return new Snapshot(RelFixture.openFds(), heapAfterGc(), f.socketCount());
  }

  static void assertNothingLeft(String what, RelFixture f, Snapshot before, long tookMs) {
    f.awaitSocketCount(before.sockets());
    int fds = RelFixture.awaitFdsAtMost(before.fds());
    long heap = heapAfterGc();
    System.out.printf(
        "RELIABILITY %s: %d cycles (%d at once) in %d ms; fds %d -> %d, sockets %d -> %d,"
            + " heap after GC %.1f -> %.1f MiB%n",
        what,
        CYCLES,
        CONCURRENCY,
        tookMs,
        before.fds(),
        fds,
        before.sockets(),
        f.socketCount(),
        before.heap() / 1048576.0,
        heap / 1048576.0);
    assertTrue(fds <= before.fds(), "file descriptors " + before.fds() + " -> " + fds);
    assertTrue(
        heap - before.heap() < HEAP_TOLERANCE,
        "heap after GC grew by " + (heap - before.heap()) + " bytes");
  }

  // ---- connect / send / close ----------------------------------------------------------------

  /** The server's FIN went out (or could not): close the socket. */
  record CloseIt(ActorRef<ConnectionSocket.Command> socket) {}

  /** Server side of cycle A: accepts by event, consumes, answers the client's FIN with its own. */
  static Behavior<Object> gracefulServer() {
    return Behaviors.setup(
        ctx -> {
          ActorRef<ConnectionSocket.Event> conns = ctx.getSelf().narrow();
          ActorRef<CloseCompleted> ignore = ctx.getSystem().ignoreRef();
          return Behaviors.receive(Object.class)
              .onMessage(
                  AcceptEvent.class,
                  e -> {
                    e.replyTo()
                        .tell(
                            AcceptEventResponse.accept(
                                conns, WskEvent.RECEIVE, WskEvent.DISCONNECT));
                    return Behaviors.same();
                  })
              .onMessage(
                  ReceiveEvent.class,
                  e -> {
                    e.replyTo().tell(ReceiveEventResponse.consumed());
                    return Behaviors.same();
                  })
              .onMessage(
                  DisconnectEvent.class,
                  e -> {
                    ActorRef<ConnectionSocket.Command> s = e.socket();
                    if (e.abortive()) {
                      s.tell(new CloseSocket(ignore));
                    } else {
                      // FIN back after the client's; both ways shut down, so close resets nothing.
                      ctx.ask(
                          DisconnectCompleted.class,
                          s,
                          T,
                          r -> new Disconnect(null, 0, r),
                          (ok, failure) -> new CloseIt(s));
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  CloseIt.class,
                  m -> {
                    m.socket().tell(new CloseSocket(ignore));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** One client cycle: connect, send 1 KiB, FIN, wait for the server's FIN, close; then stop. */
  static Behavior<Object> clientCycle(
      ActorRef<WskProvider.Command> provider, InetSocketAddress server, ActorRef<Object> parent) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Object> self = ctx.getSelf();
          provider.tell(
              new SocketConnect(
                  RelFixture.LOOPBACK_ANY_PORT, server, self.narrow(), null, self.narrow()));
          ActorRef<ConnectionSocket.Command>[] socket = newSocketSlot();
          return Behaviors.receive(Object.class)
              .onMessage(
                  SocketConnectCompleted.class,
                  c -> {
                    if (!c.status().isSuccess()) return fail(parent, "connect " + c.status());
                    socket[0] = c.socket();
                    socket[0].tell(new Send(ByteString.fromArray(new byte[1024]), self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(
                  SendCompleted.class,
                  s -> {
                    if (!s.status().isSuccess()) return fail(parent, "send " + s.status());
                    socket[0].tell(new Disconnect(null, 0, self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(
                  DisconnectCompleted.class,
                  d -> {
                    if (!d.status().isSuccess()) return fail(parent, "disconnect " + d.status());
                    socket[0].tell(new Receive(16, self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(
                  ReceiveCompleted.class,
                  r -> {
                    if (!r.status().isSuccess() || !r.data().isEmpty()) {
                      return fail(
                          parent, "server FIN expected, got " + r.status() + " " + r.data().size());
                    }
                    socket[0].tell(new CloseSocket(self.narrow()));
                    return Behaviors.same();
                  })
              .onMessage(
                  CloseCompleted.class,
                  c -> {
                    parent.tell(CycleDone.OK);
                    return Behaviors.stopped();
                  })
              .build();
        });
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<ConnectionSocket.Command>[] newSocketSlot() {
    return (ActorRef<ConnectionSocket.Command>[]) new ActorRef<?>[1];
  }

  private static Behavior<Object> fail(ActorRef<Object> parent, String why) {
    parent.tell(new CycleFailed(why));
    return Behaviors.stopped();
  }

  enum CycleDone {
    OK
  }

  record CycleFailed(String why) {}

  record AllDone(int ok, List<String> failures) {}

  /** Runs {@code n} cycles, {@code concurrency} at once, and reports {@link AllDone}. */
  static Behavior<Object> driver(
      int n,
      int concurrency,
      java.util.function.Function<ActorRef<Object>, Behavior<Object>> cycle,
      ActorRef<AllDone> report) {
    return Behaviors.setup(
        ctx -> {
          int[] started = {0};
          int[] finished = {0};
          int[] ok = {0};
          List<String> failures = new ArrayList<>();
          Runnable startOne =
              () -> {
                started[0]++;
                ctx.spawnAnonymous(cycle.apply(ctx.getSelf()));
              };
          for (int i = 0; i < Math.min(concurrency, n); i++) startOne.run();
          return Behaviors.receive(Object.class)
              .onAnyMessage(
                  m -> {
                    finished[0]++;
                    if (m == CycleDone.OK) ok[0]++;
                    else if (m instanceof CycleFailed x && failures.size() < 20)
                      failures.add(x.why());
                    if (started[0] < n) startOne.run();
                    if (finished[0] == n) {
                      report.tell(new AllDone(ok[0], failures));
                      return Behaviors.stopped();
                    }
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static AllDone runCycles(
      int n, java.util.function.Function<ActorRef<Object>, Behavior<Object>> cycle) {
    TestProbe<AllDone> done = testKit.createTestProbe();
    testKit.spawn(driver(n, CONCURRENCY, cycle, done.ref()));
    return done.receiveMessage(Duration.ofSeconds(150));
  }

  @Test
  void connectSendCloseCyclesLeaveNothingBehind() {
    RelFixture f = new RelFixture(testKit, "leak-connect");
    ActorRef<Object> server = testKit.spawn(gracefulServer());
    WskFixture.Bound l = f.boundListener(server.narrow());
    f.enable(l.socket(), WskEvent.ACCEPT);
    java.util.function.Function<ActorRef<Object>, Behavior<Object>> cycle =
        parent -> clientCycle(f.provider, l.address(), parent);
    AllDone warm = runCycles(WARM_UP, cycle);
    assertEquals(List.of(), warm.failures());
    f.awaitSocketCount(1);
    Snapshot before = snapshot(f);
    long start = System.nanoTime();
    AllDone all = runCycles(CYCLES, cycle);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(List.of(), all.failures());
    assertEquals(CYCLES, all.ok());
    assertNothingLeft("connect/send/close", f, before, tookMs);
    f.close(l.socket());
    f.awaitSocketCount(0);
  }

  // ---- accept / close ------------------------------------------------------------------------

  enum AcceptAnother {
    INSTANCE
  }

  /**
   * Server side of cycle B: keeps {@link #CONCURRENCY} Accepts queued; each accepted socket is
   * closed at once (a reset for the peer); reports {@link AllDone} after {@code n}.
   */
  static Behavior<Object> acceptCloser(
      ActorRef<ListenSocket.Command> listener, int n, ActorRef<AllDone> report) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<ConnectionSocket.Event> sink = ctx.spawn(Behaviors.ignore(), "sink");
          int[] asked = {0};
          int[] closed = {0};
          List<String> failures = new ArrayList<>();
          ActorRef<Object> self = ctx.getSelf();
          Runnable ask =
              () -> {
                if (asked[0] < n) {
                  asked[0]++;
                  listener.tell(new Accept(sink, self.narrow()));
                }
              };
          for (int i = 0; i < CONCURRENCY; i++) ask.run();
          return Behaviors.receive(Object.class)
              .onMessage(
                  AcceptCompleted.class,
                  a -> {
                    if (a.status().isSuccess()) {
                      a.socket().tell(new CloseSocket(self.narrow()));
                    } else {
                      if (failures.size() < 20) failures.add("accept " + a.status());
                      self.tell(AcceptAnother.INSTANCE);
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  CloseCompleted.class,
                  c -> {
                    closed[0]++;
                    if (closed[0] + failures.size() == n) {
                      report.tell(new AllDone(closed[0], failures));
                      return Behaviors.stopped();
                    }
                    ask.run();
                    return Behaviors.same();
                  })
              .onMessageEquals(
                  AcceptAnother.INSTANCE,
                  () -> {
                    ask.run();
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** {@code n} plain Java clients, {@code threads} at a time: connect, read to the end, close. */
  static List<Future<Integer>> plainClients(
      ExecutorService pool, InetSocketAddress to, int n, int threads) {
    List<Future<Integer>> out = new ArrayList<>();
    int each = n / threads;
    for (int t = 0; t < threads; t++) {
      int count = t == threads - 1 ? n - each * (threads - 1) : each;
      out.add(
          pool.submit(
              () -> {
                int ended = 0;
                byte[] buf = new byte[64];
                for (int i = 0; i < count; i++) {
                  try (Socket s = new Socket()) {
                    try {
                      s.connect(to, 5000);
                    } catch (java.net.SocketException e) {
                      // The server accepted and reset before this thread saw its connect complete.
                      if (!String.valueOf(e.getMessage()).contains("reset")) throw e;
                      ended++;
                      continue;
                    }
                    s.setSoTimeout((int) T.toMillis());
                    InputStream in = s.getInputStream();
                    try {
                      while (in.read(buf) >= 0) {
                        // nothing is sent; wait for the end
                      }
                    } catch (IOException reset) {
                      // the server closes accepted sockets with a reset
                    }
                    ended++;
                  }
                }
                return ended;
              }));
    }
    return out;
  }

  private AllDone acceptCycles(RelFixture f, WskFixture.Bound l, int n, ExecutorService pool)
      throws Exception {
    TestProbe<AllDone> done = testKit.createTestProbe();
    testKit.spawn(acceptCloser(l.socket(), n, done.ref()));
    List<Future<Integer>> clients = plainClients(pool, l.address(), n, CONCURRENCY);
    int ended = 0;
    for (Future<Integer> c : clients) ended += c.get(150, TimeUnit.SECONDS);
    assertEquals(n, ended, "every client saw its connection end");
    return done.receiveMessage(T);
  }

  @Test
  void acceptCloseCyclesLeaveNothingBehind() throws Exception {
    RelFixture f = new RelFixture(testKit, "leak-accept");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      AllDone warm = acceptCycles(f, l, WARM_UP, pool);
      assertEquals(List.of(), warm.failures());
      f.awaitSocketCount(1);
      Snapshot before = snapshot(f);
      long start = System.nanoTime();
      AllDone all = acceptCycles(f, l, CYCLES, pool);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(List.of(), all.failures());
      assertEquals(CYCLES, all.ok());
      assertNothingLeft("accept/close", f, before, tookMs);
    } finally {
      pool.shutdownNow();
    }
    f.close(l.socket());
    f.awaitSocketCount(0);
  }
}
