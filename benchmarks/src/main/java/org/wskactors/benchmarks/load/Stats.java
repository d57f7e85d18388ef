package org.wskactors.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured: operations completed in the measurement window, their rate per whole
 * second of the window, a latency histogram in nanoseconds, errors (with the first few described),
 * and the number of payload bytes verified.
 *
 * <p>Not thread-safe: each load thread records into its own instance; {@link #merge} adds them up.
 */
public final class Stats {
  private static final int MAX_ERROR_SAMPLES = 5;

  private final long measureStart;
  private final long measureEnd;
  private final long[] perSecond;
  private final Histogram latency = new Histogram(3_600_000_000_000L, 3);
  private final List<String> errorSamples = new ArrayList<>();
  private long operations;
  private long errors;
  private long verifiedBytes;
  private long lost;

  /**
   * A recorder for a measurement window.
   *
   * @param measureStart the window's start, {@link System#nanoTime()} units
   * @param measureEnd the window's end
   */
  public Stats(long measureStart, long measureEnd) {
    this.measureStart = measureStart;
    this.measureEnd = measureEnd;
    this.perSecond =
        new long[(int) Math.max(1, (measureEnd - measureStart + 999_999_999L) / 1_000_000_000L)];
  }

  /**
   * Records an operation that completed at {@code now} after {@code latencyNanos}; counted only
   * inside the window.
   *
   * @param now completion time
   * @param latencyNanos its latency
   */
  public void complete(long now, long latencyNanos) {
    if (now < measureStart || now >= measureEnd) return;
    operations++;
    perSecond[(int) ((now - measureStart) / 1_000_000_000L)]++;
    latency.recordValue(Math.max(0, Math.min(latencyNanos, latency.getHighestTrackableValue())));
  }

  /**
   * Counts an error.
   *
   * @param what a description, kept for the first few errors
   */
  public void error(String what) {
    errors++;
    if (errorSamples.size() < MAX_ERROR_SAMPLES) errorSamples.add(what);
  }

  /**
   * Counts bytes (or datagrams' payload) that were compared and found equal.
   *
   * @param n the count
   */
  public void verified(long n) {
    verifiedBytes += n;
  }

  /**
   * Counts operations that never completed without that being an error (UDP datagrams lost).
   *
   * @param n the count
   */
  public void lost(long n) {
    lost += n;
  }

  /**
   * Adds another recorder's counts to this one (same window).
   *
   * @param other the other recorder
   */
  public void merge(Stats other) {
    operations += other.operations;
    errors += other.errors;
    verifiedBytes += other.verifiedBytes;
    lost += other.lost;
    for (int i = 0; i < perSecond.length && i < other.perSecond.length; i++) {
      perSecond[i] += other.perSecond[i];
    }
    latency.add(other.latency);
    for (String s : other.errorSamples) {
      if (errorSamples.size() < MAX_ERROR_SAMPLES) errorSamples.add(s);
    }
  }

  /**
   * @return operations completed in the window
   */
  public long operations() {
    return operations;
  }

  /**
   * @return errors counted
   */
  public long errors() {
    return errors;
  }

  /**
   * @return bytes verified
   */
  public long verifiedBytes() {
    return verifiedBytes;
  }

  /**
   * @return operations lost (UDP)
   */
  public long lost() {
    return lost;
  }

  /**
   * @return the first few error descriptions
   */
  public List<String> errorSamples() {
    return List.copyOf(errorSamples);
  }

  /**
   * @return the latency histogram, nanoseconds
   */
  public Histogram latency() {
    return latency;
  }

  /**
   * @return the window's length in seconds
   */
  public double seconds() {
    return (measureEnd - measureStart) / 1e9;
  }

  /**
   * @return operations per second over the whole window
   */
  public double meanRate() {
    return operations / seconds();
  }

  /**
   * The median of the per-second rates over the window's whole seconds; the mean rate when the
   * window is shorter than two seconds.
   *
   * @return operations per second
   */
  public double medianRate() {
    int whole = (int) ((measureEnd - measureStart) / 1_000_000_000L);
    if (whole < 2) return meanRate();
    long[] s = Arrays.copyOf(perSecond, whole);
    Arrays.sort(s);
    return whole % 2 == 1 ? s[whole / 2] : (s[whole / 2 - 1] + s[whole / 2]) / 2.0;
  }

  /**
   * A latency percentile in microseconds.
   *
   * @param p the percentile, 0 to 100
   * @return microseconds, NaN when nothing was recorded
   */
  public double latencyMicros(double p) {
    if (latency.getTotalCount() == 0) return Double.NaN;
    return latency.getValueAtPercentile(p) / 1000.0;
  }
}
