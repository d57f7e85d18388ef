package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskInspectComplete}: the application decides a connection it pended in reply to an {@link
 * InspectEvent}.
 *
 * <p>Reply: {@link InspectCompleted}; {@link WskStatus#STATUS_INVALID_PARAMETER} for an unknown (or
 * already aborted) id or the action {@link InspectAction#PEND}; {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE} when the socket is not listening.
 *
 * @param inspectId the pended connection
 * @param action {@link InspectAction#ACCEPT} or {@link InspectAction#REJECT}
 * @param replyTo receives the {@link InspectCompleted}
 */
public record InspectComplete(
    InspectId inspectId, InspectAction action, ActorRef<InspectCompleted> replyTo)
    implements ListenSocket.Command, StreamSocket.Command {}
