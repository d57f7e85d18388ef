package org.wskactors.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop TCP echo load generator on plain JDK NIO, independent of the runtime under test.
 *
 * <p>It opens {@code connections} connections, then each keeps {@code inFlight} messages of {@code
 * messageSize} bytes outstanding: a message is sent when an earlier one has come back whole. Every
 * echoed byte is compared with what was sent (a per-connection offset into {@link Pattern}); a
 * mismatch, an unexpected end of stream or an I/O error is an error and ends that connection.
 * Latency is from the time a message is queued for sending to the time its last byte is back.
 * Before the clock starts, every connection echoes one message (so all are accepted and set up).
 * After the warm-up (and an optional warming phase before it, {@link Warming}), completions inside
 * the measurement window are counted; then sending stops and every connection must get back all it
 * sent within the drain timeout (otherwise: an error).
 */
public final class TcpEchoLoad {
  private TcpEchoLoad() {}

  /** How long connections may take to get back their outstanding messages after the window. */
  static final long DRAIN_NANOS = Duration.ofSeconds(10).toNanos();

  /**
   * What to run.
   *
   * @param target the echo server
   * @param connections the number of connections
   * @param messageSize bytes per message
   * @param inFlight messages outstanding per connection
   * @param warmup time before the measurement window
   * @param duration the measurement window
   * @param threads selector threads of the load generator
   */
  public record Params(
      InetSocketAddress target,
      int connections,
      int messageSize,
      int inFlight,
      Duration warmup,
      Duration duration,
      int threads) {}

  /**
   * Runs before the clock starts while the load is already on, on the connections that will be
   * measured; the fixed warm-up and the measurement window follow its return.
   */
  @FunctionalInterface
  public interface Warming {
    /**
     * Waits while the load runs (e.g. until the server's JIT compilers are quiet).
     *
     * @throws IOException when what it watches cannot be read
     * @throws InterruptedException when interrupted
     */
    void run() throws IOException, InterruptedException;
  }

  /**
   * Runs the load and returns what it measured.
   *
   * @param p the parameters
   * @return the statistics of the measurement window
   * @throws IOException when a selector cannot be opened
   * @throws InterruptedException when interrupted
   */
  public static Stats run(Params p) throws IOException, InterruptedException {
    return run(p, null);
  }

  /**
   * Runs the load with a warming phase before its fixed warm-up: the connections are opened and
   * loaded once, so what the warming waited for (a compiled server) is what is measured.
   *
   * @param p the parameters
   * @return the merged statistics of all threads
   * @throws IOException when a selector cannot be opened
   * @throws InterruptedException when interrupted
   */
  public static Stats run(Params p, Warming warming) throws IOException, InterruptedException {
    SplittableRandom seeds = new SplittableRandom(p.connections() * 31L + p.messageSize());
    int threads = Math.max(1, Math.min(p.threads(), p.connections()));
    List<List<Conn>> groups = new ArrayList<>();
    for (int i = 0; i < threads; i++) groups.add(new ArrayList<>());
    int connectErrors = 0;
    String firstConnectError = null;
    for (int i = 0; i < p.connections(); i++) {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(p.target());
        ch.configureBlocking(false);
        groups.get(i % threads).add(new Conn(ch, seeds.nextInt(Pattern.PERIOD), p));
      } catch (IOException e) {
        connectErrors++;
        if (firstConnectError == null) firstConnectError = "connect: " + e;
      }
    }
    Timing timing = new Timing(threads);
    List<Worker> workers = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Worker w = new Worker(groups.get(i), timing);
      workers.add(w);
      Thread t = new Thread(w, "tcp-load-" + i);
      t.start();
      running.add(t);
    }
    timing.primed.await();
    timing.start = System.nanoTime() + 20_000_000L;
    Exception warmingFailed = null;
    if (warming != null) {
      timing.go.countDown(); // load on, no window yet
      try {
        warming.run();
      } catch (IOException | InterruptedException | RuntimeException e) {
        warmingFailed = e;
      }
    }
    long measureStart =
        warmingFailed != null
            ? System.nanoTime()
            : Math.max(timing.start, System.nanoTime()) + p.warmup().toNanos();
    long[] window = {
      measureStart, measureStart + (warmingFailed != null ? 1 : p.duration().toNanos())
    };
    timing.window = window;
    timing.go.countDown();
    for (Thread t : running) t.join();
    if (warmingFailed instanceof IOException e) throw e;
    if (warmingFailed instanceof InterruptedException e) throw e;
    if (warmingFailed instanceof RuntimeException e) throw e;
    Stats total = new Stats(window[0], window[1]);
    for (int i = 0; i < connectErrors; i++) total.error(firstConnectError);
    for (Worker w : workers) {
      if (w.failure != null) throw new IOException("load thread failed", w.failure);
      total.merge(w.stats);
    }
    return total;
  }

  /** How long connections may take to echo their first message, before the clock starts. */
  static final long PRIME_NANOS = Duration.ofSeconds(30).toNanos();

  /**
   * The clock of a run, set once every connection has echoed one message; the measurement window
   * (start and end) is published once known, at once or after a warming phase.
   */
  private static final class Timing {
    final CountDownLatch primed;
    final CountDownLatch go = new CountDownLatch(1);
    volatile long start;
    volatile long[] window;

    Timing(int workers) {
      primed = new CountDownLatch(workers);
    }
  }

  /** One connection's state: what was sent, what came back, when each message went out. */
  private static final class Conn {
    final SocketChannel ch;
    final long seed;
    final int size;
    final int depth;
    final long[] sentAt;
    int head;
    int inFlight;
    long writeEnd;
    long written;
    long received;
    long completedBytes;
    boolean open = true;
    SelectionKey key;

    Conn(SocketChannel ch, long seed, Params p) {
      this.ch = ch;
      this.seed = seed;
      this.size = p.messageSize();
      this.depth = p.inFlight();
      this.sentAt = new long[depth];
    }
  }

  /**
   * One selector thread driving its share of the connections. First every connection echoes one
   * message (so the server has accepted it and set it up: accept speed is scenario 4's business);
   * when all threads are done with that, the clock starts.
   */
  private static final class Worker implements Runnable {
    private final List<Conn> conns;
    private final Timing timing;
    private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    private Stats stats = new Stats(0, 1);
    private boolean sending;
    private long sendUntil = Long.MAX_VALUE;
    private Throwable failure;

    Worker(List<Conn> conns, Timing timing) {
      this.conns = conns;
      this.timing = timing;
    }

    @Override
    public void run() {
      boolean counted = false;
      try (Selector selector = Selector.open()) {
        for (Conn c : conns) c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
        long now = System.nanoTime();
        for (Conn c : conns) {
          c.sentAt[c.head] = now;
          c.inFlight = 1;
          c.writeEnd += c.size;
          flush(c);
        }
        long primeDeadline = now + PRIME_NANOS;
        while (!drained() && System.nanoTime() < primeDeadline) poll(selector);
        for (Conn c : conns) {
          if (c.open && c.inFlight > 0)
            fail(c, "first message not echoed within " + PRIME_NANOS / 1_000_000_000L + " s");
        }
        timing.primed.countDown();
        counted = true;
        timing.go.await();
        while (System.nanoTime() < timing.start) Thread.onSpinWait();
        sending = true;
        boolean windowed = false;
        for (Conn c : conns) fill(c, System.nanoTime());
        while (true) {
          if (!windowed && timing.window != null) {
            // Completions so far (priming, warming) fall outside the window; errors and verified
            // bytes carry over.
            long[] w = timing.window;
            Stats measured = new Stats(w[0], w[1]);
            measured.merge(stats);
            stats = measured;
            sendUntil = w[1];
            windowed = true;
          }
          poll(selector);
          now = System.nanoTime();
          if (now >= sendUntil) {
            if (drained()) break;
            if (now >= sendUntil + DRAIN_NANOS) {
              for (Conn c : conns) {
                if (c.open && c.inFlight > 0) {
                  fail(c, "timeout: " + c.inFlight + " messages not echoed within the drain time");
                }
              }
              break;
            }
          }
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        if (!counted) timing.primed.countDown();
        for (Conn c : conns) close(c);
      }
    }

    private boolean drained() {
      for (Conn c : conns) if (c.open && c.inFlight > 0) return false;
      return true;
    }

    private void poll(Selector selector) throws IOException {
      selector.select(50);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        if (!c.open) continue;
        if (k.isValid() && k.isWritable()) flush(c);
        if (c.open && k.isValid() && k.isReadable()) read(c);
      }
    }

    private void fill(Conn c, long now) {
      while (sending && c.open && c.inFlight < c.depth && now < sendUntil) {
        c.sentAt[(c.head + c.inFlight) % c.depth] = now;
        c.inFlight++;
        c.writeEnd += c.size;
      }
      flush(c);
    }

    private void flush(Conn c) {
      try {
        byte[] src = Pattern.array();
        while (c.written < c.writeEnd) {
          int len = (int) Math.min(c.writeEnd - c.written, 256 * 1024);
          int n = c.ch.write(ByteBuffer.wrap(src, Pattern.index(c.seed + c.written), len));
          c.written += n;
          if (n < len) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
          }
        }
        if ((c.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
          c.key.interestOps(SelectionKey.OP_READ);
        }
      } catch (IOException e) {
        fail(c, "write: " + e);
      }
    }

    private void read(Conn c) {
      int n;
      buf.clear();
      try {
        n = c.ch.read(buf);
      } catch (IOException e) {
        fail(c, "read: " + e);
        return;
      }
      if (n < 0) {
        fail(c, "end of stream with " + c.inFlight + " messages outstanding");
        return;
      }
      if (n == 0) return;
      if (c.received + n > c.written) {
        fail(c, "received more bytes than were sent");
        return;
      }
      if (!Pattern.matches(buf.array(), 0, n, c.seed + c.received)) {
        fail(c, "echoed bytes differ from those sent at stream offset " + c.received);
        return;
      }
      c.received += n;
      stats.verified(n);
      long now = System.nanoTime();
      boolean completed = false;
      while (c.received - c.completedBytes >= c.size) {
        c.completedBytes += c.size;
        stats.complete(now, now - c.sentAt[c.head]);
        c.head = (c.head + 1) % c.depth;
        c.inFlight--;
        completed = true;
      }
      if (completed) fill(c, now);
    }

    private void fail(Conn c, String why) {
      if (!c.open) return;
      stats.error(why);
      c.inFlight = 0;
      close(c);
    }

    private static void close(Conn c) {
      c.open = false;
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
