package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskListen}: the application makes a bound stream socket a listening socket.
 *
 * <p>Reply: {@link ListenCompleted} with the listening address; {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE} when not bound or already in a role; {@link
 * WskStatus#STATUS_ADDRESS_ALREADY_EXISTS} when the port is in use (the kernel binds here, see the
 * README's differences table).
 *
 * @param replyTo receives the {@link ListenCompleted}
 */
public record Listen(ActorRef<ListenCompleted> replyTo) implements StreamSocket.Command {}
