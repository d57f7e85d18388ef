package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reply from a provider to the sender of a create request: {@link CreateBasicSocket}, {@link
 * CreateListenSocket}, {@link CreateConnectionSocket}, {@link CreateDatagramSocket} or {@link
 * CreateStreamSocket}. On success the application owns the new socket and closes it with {@link
 * CloseSocket}.
 *
 * @param status the completion status
 * @param socket the new socket, typed by its category's dispatch table; null on failure
 * @param <C> the category's command type
 */
public record SocketCreated<C>(WskStatus status, ActorRef<C> socket) implements WskCompletion {}
