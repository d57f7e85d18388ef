package org.wskactors.protocol;

import java.util.EnumSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The reply of a listening socket's handler to an {@link AcceptEvent}: the return status of {@code
 * WskAcceptEvent}.
 */
public sealed interface AcceptEventResponse {

  /**
   * {@code STATUS_SUCCESS}: keep the connection.
   *
   * @param handler receives the new socket's events; its stop closes the socket
   * @param events events to enable on the new socket at once (may be empty)
   */
  record Accepted(ActorRef<ConnectionSocket.Event> handler, Set<WskEvent> events)
      implements AcceptEventResponse {
    /**
     * Copies the event set.
     *
     * @param handler receives the new socket's events; its stop closes the socket
     * @param events events to enable on the new socket at once; null or empty for none
     */
    public Accepted {
      events = events == null || events.isEmpty() ? Set.of() : Set.copyOf(events);
    }
  }

  /** {@code STATUS_REQUEST_NOT_ACCEPTED}: reset the connection and close the new socket. */
  enum Rejected implements AcceptEventResponse {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Accepts the connection.
   *
   * @param handler receives the new socket's events
   * @param events the connection events to enable at once
   * @return the reply to send to {@link AcceptEvent#replyTo()}
   */
  static AcceptEventResponse accept(ActorRef<ConnectionSocket.Event> handler, WskEvent... events) {
    Set<WskEvent> set = EnumSet.noneOf(WskEvent.class);
    set.addAll(java.util.Arrays.asList(events));
    return new Accepted(handler, set);
  }

  /**
   * Rejects the connection: the socket resets it and closes the new socket.
   *
   * @return the reply to send to {@link AcceptEvent#replyTo()}
   */
  static AcceptEventResponse reject() {
    return Rejected.INSTANCE;
  }
}
