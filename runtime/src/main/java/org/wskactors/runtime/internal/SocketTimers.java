package org.wskactors.runtime.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * INTERNAL API: keyed single-shot timers of a socket actor that cost nothing until one is started.
 * Pekko's {@code Behaviors.withTimers} builds a timer scheduler for every actor when it starts,
 * which showed as 5 % of the CPU of a connect-heavy load (docs/benchmarks/optimisations.md); most
 * connection sockets never start a timer, or one that is cancelled at once.
 *
 * <p>Unlike Pekko's timers, a message scheduled before {@link #cancel} may still arrive after it
 * (it may already be in the mailbox): every timer message must be checked against the actor's state
 * by its handler (the messages carry the request or a generation they belong to). {@link
 * #cancelAll} must be called when the actor stops.
 */
final class SocketTimers {
  private final ActorContext<Object> ctx;
  private Map<Object, Cancellable> active;

  SocketTimers(ActorContext<Object> ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts (or restarts) the timer {@code key}: {@code message} comes to self after {@code delay}.
   */
  void start(Object key, Object message, Duration delay) {
    cancel(key);
    if (active == null) active = new HashMap<>(4);
    active.put(key, ctx.scheduleOnce(delay, ctx.getSelf(), message));
  }

  /** Cancels the timer {@code key}, if started; its message may still arrive (see the class). */
  void cancel(Object key) {
    if (active == null) return;
    Cancellable c = active.remove(key);
    if (c != null) c.cancel();
  }

  /** Forgets the timer {@code key} whose message has arrived. */
  void fired(Object key) {
    if (active != null) active.remove(key);
  }

  /** Cancels every timer (when the actor stops, so nothing is sent to dead letters). */
  void cancelAll() {
    if (active == null) return;
    for (Cancellable c : active.values()) c.cancel();
    active = null;
  }
}
