package org.wskactors.runtime.javadsl;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What {@link ListenCallbacks#onAccept} returns: keep the incoming connection (and how its events
 * are handled) or reset it. The facade sends it back as the accept event's reply.
 */
public final class AcceptDecision {
  private static final AcceptDecision REJECT = new AcceptDecision(false, null, null);
  private static final AcceptDecision ACCEPT = new AcceptDecision(true, null, null);

  private final boolean accepted;
  private final ConnectionCallbacks callbacks;
  private final Executor executor;

  private AcceptDecision(boolean accepted, ConnectionCallbacks callbacks, Executor executor) {
    this.accepted = accepted;
    this.callbacks = callbacks;
    this.executor = executor;
  }

  /**
   * Keep the connection without callbacks: no event is enabled, the application reads with {@link
   * WskConnection#receive(int)}.
   *
   * @return the decision
   */
  public static AcceptDecision accept() {
    return ACCEPT;
  }

  /**
   * Keep the connection; its receive, disconnect and send-backlog events call {@code callbacks}, on
   * the listener's executor when it has one, else on the connection's handler actor.
   *
   * @param callbacks the connection's callbacks
   * @return the decision
   */
  public static AcceptDecision accept(ConnectionCallbacks callbacks) {
    return new AcceptDecision(true, Objects.requireNonNull(callbacks), null);
  }

  /**
   * Keep the connection; its events call {@code callbacks} on {@code executor}, one at a time.
   *
   * @param callbacks the connection's callbacks
   * @param executor where the callbacks run; they may block there
   * @return the decision
   */
  public static AcceptDecision accept(ConnectionCallbacks callbacks, Executor executor) {
    return new AcceptDecision(
        true, Objects.requireNonNull(callbacks), Objects.requireNonNull(executor));
  }

  /**
   * Reset the connection ({@code STATUS_REQUEST_NOT_ACCEPTED}).
   *
   * @return the decision
   */
  public static AcceptDecision reject() {
    return REJECT;
  }

  /**
   * True to keep the connection.
   *
   * @return true for an accept, false for a reject
   */
  public boolean accepted() {
    return accepted;
  }

  ConnectionCallbacks callbacks() {
    return callbacks;
  }

  Executor executor() {
    return executor;
  }

  @Override
  public String toString() {
    return accepted ? "AcceptDecision[accept]" : "AcceptDecision[reject]";
  }
}
