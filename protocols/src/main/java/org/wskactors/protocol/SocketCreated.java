package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reply from a provider to the sender of a create request.
 *
 * @param status the completion status
 * @param socket the new socket, typed by its category's dispatch table; null on failure
 * @param <C> the category's command type
 */
public record SocketCreated<C>(WskStatus status, ActorRef<C> socket) implements WskCompletion {}
