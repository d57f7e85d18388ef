package org.wskactors.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Warms a server up until its JIT compilers have gone quiet. HotSpot compiles a server's hot paths
 * in its first seconds under load, and on a small machine the compiler threads take a large share
 * of the cores while they do (a quarter of two cores under the connect-rate load, for well over ten
 * seconds); a measurement taken then runs partly unoptimised code and shares the cores with the
 * compiler, which penalises whichever server has more code to compile. So the scenario's load runs
 * in steps, {@link #STEP} each, until during one step the server's compiler threads used less than
 * {@link #QUIET_SHARE} of one core, or until a maximum. The measured load follows, with its own
 * fixed warm-up.
 */
final class JitWarmup {

  /** Length of one warm-up step. */
  static final Duration STEP = Duration.ofSeconds(2);

  /** The compilers are quiet when they used less than this share of one core during a step. */
  static final double QUIET_SHARE = 0.05;

  private JitWarmup() {}

  /** One step of load against the server, its statistics ignored. */
  @FunctionalInterface
  interface Step {
    /**
     * Runs the load.
     *
     * @param length how long
     * @throws IOException when the load cannot reach the server
     * @throws InterruptedException when interrupted
     */
    void run(Duration length) throws IOException, InterruptedException;
  }

  /**
   * A step for a load that is already running (one that warms on the connections it then measures):
   * it only lets the step's time pass.
   *
   * @param length the step's length
   * @throws InterruptedException when interrupted
   */
  static void whileLoaded(Duration length) throws InterruptedException {
    Thread.sleep(Math.max(1, length.toMillis()));
  }

  /**
   * How a warm-up ended.
   *
   * @param took time spent warming up
   * @param quiet whether the compilers went quiet (false: the maximum was reached first)
   * @param lastShare the compilers' share of one core during the last step; NaN when a compiler
   *     thread exited during it
   */
  record Outcome(Duration took, boolean quiet, double lastShare) {

    /** The warm-up in seconds. */
    double seconds() {
      return took.toMillis() / 1000.0;
    }

    /** A remark for the report when the maximum was reached with the compilers still busy. */
    String note() {
      if (quiet) return "";
      return Double.isNaN(lastShare)
          ? String.format(
              Locale.ROOT,
              "JIT compilers' activity unknown at the end of the %.0f s warm-up maximum",
              seconds())
          : String.format(
              Locale.ROOT,
              "JIT compilers still at %.0f %% of a core after the %.0f s warm-up maximum",
              lastShare * 100,
              seconds());
    }
  }

  /**
   * Runs steps of load until the compilers are quiet or {@code max} has passed.
   *
   * @param jitNanos the server's compiler threads' CPU time so far, or a negative value where the
   *     OS does not say (then nothing runs)
   * @param clock nanosecond clock
   * @param step the load
   * @param stepLength length of a step ({@link #STEP} outside tests)
   * @param max the longest warm-up; zero disables it
   * @return how it ended, or null when it was disabled or the compilers' CPU cannot be read
   * @throws IOException when the load cannot reach the server
   * @throws InterruptedException when interrupted
   */
  static Outcome run(
      LongSupplier jitNanos, LongSupplier clock, Step step, Duration stepLength, Duration max)
      throws IOException, InterruptedException {
    if (max.isZero() || max.isNegative()) return null;
    long start = clock.getAsLong();
    while (true) {
      long before = jitNanos.getAsLong();
      if (before < 0) return null;
      long left = max.toNanos() - (clock.getAsLong() - start);
      long t0 = clock.getAsLong();
      step.run(Duration.ofNanos(Math.max(1, Math.min(stepLength.toNanos(), left))));
      long t1 = clock.getAsLong();
      long after = jitNanos.getAsLong();
      // A compiler thread that exited took its time with it: this step says nothing, go on.
      double share =
          after < before || t1 <= t0 ? Double.NaN : (after - before) / (double) (t1 - t0);
      Duration took = Duration.ofNanos(t1 - start);
      if (share < QUIET_SHARE) return new Outcome(took, true, share);
      if (took.compareTo(max) >= 0) return new Outcome(took, false, share);
    }
  }
}
