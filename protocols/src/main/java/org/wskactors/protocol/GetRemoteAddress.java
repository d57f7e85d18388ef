package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskGetRemoteAddress}: the application asks a connection socket for its peer's address.
 *
 * <p>Reply: {@link AddressCompleted}; {@link WskStatus#STATUS_INVALID_DEVICE_STATE} when the socket
 * is not connected.
 *
 * @param replyTo receives the {@link AddressCompleted}
 */
public record GetRemoteAddress(ActorRef<AddressCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {}
