package org.wskactors.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples a server process's CPU time at the start and the end of a load's measurement window, on a
 * daemon thread of its own, so the CPU a server spends per message can be set beside its rate.
 */
final class CpuWindow {
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile long startNanos = -1;
  private volatile long endNanos = -1;

  private CpuWindow() {}

  /**
   * Starts sampling: the first sample after {@code warmup}, the second {@code duration} later.
   *
   * @param server the server process
   * @param warmup time from now to the start of the measurement window
   * @param duration length of the window
   * @return the window, to ask after the load has finished
   */
  static CpuWindow start(ServerProcess server, Duration warmup, Duration duration) {
    CpuWindow w = new CpuWindow();
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(warmup.toMillis());
                w.startNanos = server.cpuNanos();
                Thread.sleep(duration.toMillis());
                w.endNanos = server.cpuNanos();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                w.done.countDown();
              }
            },
            "cpu-window");
    t.setDaemon(true);
    t.start();
    return w;
  }

  /**
   * Server CPU microseconds per operation in the window.
   *
   * @param operations operations completed in the window
   * @return µs per operation, or NaN when a sample is missing or nothing completed
   */
  double microsPer(long operations) {
    try {
      done.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (startNanos < 0 || endNanos < startNanos || operations <= 0) return Double.NaN;
    return (endNanos - startNanos) / 1000.0 / operations;
  }
}
