package org.wskactors.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's decision, on a fake clock and fake compiler times. */
class JitWarmupTest {

  private static final Duration STEP = Duration.ofSeconds(2);

  /**
   * A server whose compilers use the given share of a core during each successive step (the last
   * share repeats); the clock moves only while a step runs.
   */
  static final class FakeServer {
    final List<Double> shares;
    final List<Duration> steps = new ArrayList<>();
    long clock;
    long jit;

    FakeServer(Double... shares) {
      this.shares = List.of(shares);
    }

    void step(Duration d) {
      double share = shares.get(Math.min(steps.size(), shares.size() - 1));
      steps.add(d);
      clock += d.toNanos();
      jit += (long) (share * d.toNanos());
    }

    JitWarmup.Outcome warm(Duration max) throws Exception {
      return JitWarmup.run(() -> jit, () -> clock, this::step, STEP, max);
    }
  }

  @Test
  void stepsUntilTheCompilersUseLessThanTheQuietShare() throws Exception {
    FakeServer s = new FakeServer(0.5, 0.25, 0.06, 0.01);
    JitWarmup.Outcome o = s.warm(Duration.ofSeconds(30));
    assertTrue(o.quiet());
    assertEquals(4, s.steps.size());
    assertEquals(Duration.ofSeconds(8), o.took());
    assertEquals(0.01, o.lastShare(), 1e-6);
    assertEquals("", o.note());
  }

  @Test
  void stopsAtTheMaximumWithANoteWhenTheCompilersStayBusy() throws Exception {
    FakeServer s = new FakeServer(0.3);
    JitWarmup.Outcome o = s.warm(Duration.ofSeconds(5));
    assertFalse(o.quiet());
    // two whole steps, then only what is left of the maximum
    assertEquals(List.of(STEP, STEP, Duration.ofSeconds(1)), s.steps);
    assertEquals(Duration.ofSeconds(5), o.took());
    assertEquals("JIT compilers still at 30 % of a core after the 5 s warm-up maximum", o.note());
  }

  @Test
  void aCompilerThreadThatExitedMakesTheStepInconclusive() throws Exception {
    FakeServer s = new FakeServer(0.0);
    long[] jit = {5_000_000_000L, 1_000_000_000L, 1_000_000_000L, 1_000_000_000L};
    int[] reads = {0};
    JitWarmup.Outcome o =
        JitWarmup.run(
            () -> jit[Math.min(reads[0]++, jit.length - 1)],
            () -> s.clock,
            s::step,
            STEP,
            Duration.ofSeconds(30));
    // the first step's reading went down (a thread exited): not taken as quiet; the next one is
    assertTrue(o.quiet());
    assertEquals(2, s.steps.size());
  }

  @Test
  void nothingRunsWhenDisabledOrWhenTheCompilersCannotBeRead() throws Exception {
    FakeServer s = new FakeServer(0.5);
    assertNull(s.warm(Duration.ZERO));
    assertNull(JitWarmup.run(() -> -1, () -> s.clock, s::step, STEP, Duration.ofSeconds(30)));
    assertTrue(s.steps.isEmpty());
  }
}
