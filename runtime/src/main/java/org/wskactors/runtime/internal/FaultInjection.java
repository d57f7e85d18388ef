package org.wskactors.runtime.internal;

/**
 * INTERNAL API: messages that make a socket actor fail on purpose, for tests of supervision (a
 * failed socket is closed, never restarted, and its handler is told).
 */
public final class FaultInjection {
  private FaultInjection() {}

  /** Makes the receiving socket actor throw {@link InjectedFailure}. */
  public enum Crash {
    INSTANCE
  }

  /** The exception a {@link Crash} throws. */
  public static final class InjectedFailure extends RuntimeException {
    /** Creates the failure. */
    public InjectedFailure() {
      super("failure injected for a test", null, false, false);
    }
  }
}
