package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskAbortEvent}: a listening socket tells its handler that a connection it inspected
 * (accepted or pended) went away before it was handed over; a later {@link InspectComplete} for it
 * completes {@link WskStatus#STATUS_INVALID_PARAMETER}. No reply.
 *
 * @param listener the listening socket
 * @param inspectId the connection that went away
 */
public record AbortEvent(ActorRef<ListenSocket.Command> listener, InspectId inspectId)
    implements ListenSocket.Event, StreamSocket.Event {}
