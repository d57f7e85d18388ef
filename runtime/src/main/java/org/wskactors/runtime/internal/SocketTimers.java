package org.wskactors.runtime.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * INTERNAL API: keyed single-shot timers of a socket actor that cost nothing while none is running.
 * Pekko's {@code Behaviors.withTimers} builds a timer scheduler for every actor when it starts,
 * which showed as 5 % of the CPU of a connect-heavy load (docs/benchmarks/optimisations.md); most
 * connection sockets never start a timer, or one that is cancelled at once. One running timer costs
 * no collection, and none is kept once the timers are cancelled or have fired, so an accepted
 * socket whose decision timer was cancelled keeps nothing for the rest of its life.
 *
 * <p>Unlike Pekko's timers, a message scheduled before {@link #cancel} may still arrive after it
 * (it may already be in the mailbox): every timer message must be checked against the actor's state
 * by its handler (the messages carry the request or a generation they belong to). {@link
 * #cancelAll} must be called when the actor stops.
 */
final class SocketTimers {
  private final ActorContext<Object> ctx;
  // The first running timer is held in two fields; a map is made only while two or more run at
  // once (rare: a socket's timers are its decision timer and its requests' timeouts).
  private Object key;
  private Cancellable timer;
  private Map<Object, Cancellable> more;

  SocketTimers(ActorContext<Object> ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts (or restarts) the timer {@code key}: {@code message} comes to self after {@code delay}.
   */
  void start(Object key, Object message, Duration delay) {
    cancel(key);
    Cancellable c = ctx.scheduleOnce(delay, ctx.getSelf(), message);
    if (this.key == null) {
      this.key = key;
      this.timer = c;
    } else {
      if (more == null) more = new HashMap<>(4);
      more.put(key, c);
    }
  }

  /** Cancels the timer {@code key}, if started; its message may still arrive (see the class). */
  void cancel(Object key) {
    Cancellable c = forget(key);
    if (c != null) c.cancel();
  }

  /** Forgets the timer {@code key} whose message has arrived. */
  void fired(Object key) {
    forget(key);
  }

  /** Cancels every timer (when the actor stops, so nothing is sent to dead letters). */
  void cancelAll() {
    if (timer != null) timer.cancel();
    key = null;
    timer = null;
    if (more != null) for (Cancellable c : more.values()) c.cancel();
    more = null;
  }

  private Cancellable forget(Object k) {
    if (k.equals(key)) {
      Cancellable c = timer;
      key = null;
      timer = null;
      return c;
    }
    if (more == null) return null;
    Cancellable c = more.remove(k);
    if (more.isEmpty()) more = null;
    return c;
  }
}
