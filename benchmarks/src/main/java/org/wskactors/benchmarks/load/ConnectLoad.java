package org.wskactors.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The connect-rate load: {@code workers} threads each loop connect, send one {@code messageSize}
 * message, read its echo whole and verify it, close. An operation's latency covers all of that; a
 * refused or timed-out connect, a short or wrong echo is an error.
 */
public final class ConnectLoad {
  private ConnectLoad() {}

  /**
   * What to run.
   *
   * @param target the echo server
   * @param workers concurrent connecting threads
   * @param messageSize bytes echoed per connection
   * @param warmup time before the measurement window
   * @param duration the measurement window
   */
  public record Params(
      InetSocketAddress target, int workers, int messageSize, Duration warmup, Duration duration) {}

  /**
   * Runs the load.
   *
   * @param p the parameters
   * @return the merged statistics
   * @throws InterruptedException when interrupted
   */
  public static Stats run(Params p) throws InterruptedException {
    long t0 = System.nanoTime();
    long measureStart = t0 + p.warmup().toNanos();
    long measureEnd = measureStart + p.duration().toNanos();
    List<Stats> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < p.workers(); i++) {
      Stats s = new Stats(measureStart, measureEnd);
      all.add(s);
      long seed = i;
      Thread t = new Thread(() -> loop(p, s, measureEnd, seed), "connect-load-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) t.join();
    Stats total = new Stats(measureStart, measureEnd);
    for (Stats s : all) total.merge(s);
    return total;
  }

  private static void loop(Params p, Stats s, long until, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] in = new byte[p.messageSize()];
    while (System.nanoTime() < until) {
      long pos = r.nextInt(Pattern.PERIOD);
      long start = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        socket.connect(p.target(), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(Pattern.array(), Pattern.index(pos), p.messageSize());
        InputStream input = socket.getInputStream();
        int got = 0;
        while (got < in.length) {
          int n = input.read(in, got, in.length - got);
          if (n < 0) break;
          got += n;
        }
        if (got < in.length) {
          s.error("end of stream after " + got + " of " + in.length + " echoed bytes");
          continue;
        }
        if (!Pattern.matches(in, 0, in.length, pos)) {
          s.error("echoed bytes differ from those sent");
          continue;
        }
        s.verified(in.length);
      } catch (IOException e) {
        s.error("connect/echo: " + e);
        continue;
      }
      long now = System.nanoTime();
      s.complete(now, now - start);
    }
  }
}
