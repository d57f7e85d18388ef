package org.wskactors.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's counters, shared by its client threads: connections made and closed cleanly, bytes and
 * chat messages verified, PINGs answered by idle holders, and errors with the first few described.
 * Thread-safe.
 */
public final class Tally {
  private static final int MAX_SAMPLES = 10;

  /** Echo connections opened, echoed and closed (churn). */
  public final AtomicLong echoConnections = new AtomicLong();

  /** Chat connections opened, registered, used and quit (churn). */
  public final AtomicLong chatConnections = new AtomicLong();

  /** Echoed bytes compared with what was sent and found equal. */
  public final AtomicLong bytesVerified = new AtomicLong();

  /** Chat messages that reached their recipient with the text sent, in order. */
  public final AtomicLong messagesVerified = new AtomicLong();

  /** PINGs from the chat server answered by idle holders. */
  public final AtomicLong pingsAnswered = new AtomicLong();

  private final AtomicLong errors = new AtomicLong();
  private final List<String> samples = new ArrayList<>();

  /**
   * Counts an error.
   *
   * @param what a description, kept for the first few
   */
  public void error(String what) {
    errors.incrementAndGet();
    synchronized (samples) {
      if (samples.size() < MAX_SAMPLES) samples.add(what);
    }
  }

  /**
   * @return errors counted
   */
  public long errors() {
    return errors.get();
  }

  /**
   * @return the first errors' descriptions
   */
  public List<String> errorSamples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }
}
