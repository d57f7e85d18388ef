package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskGetLocalAddress}: the application asks a socket for its local address.
 *
 * <p>Reply: {@link AddressCompleted}; {@link WskStatus#STATUS_INVALID_DEVICE_STATE} when the socket
 * is not bound.
 *
 * @param replyTo receives the {@link AddressCompleted}
 */
public record GetLocalAddress(ActorRef<AddressCompleted> replyTo)
    implements ListenSocket.Command,
        ConnectionSocket.Command,
        DatagramSocket.Command,
        StreamSocket.Command {}
