package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskDisconnectEvent}: a connection socket tells its handler that the peer closed, once
 * {@link WskEvent#DISCONNECT} is enabled. No reply.
 *
 * <p>Graceful: the peer sent FIN after all the bytes that were delivered; sending stays possible.
 * Abortive: the connection was reset; both directions are dead.
 *
 * @param socket the socket whose peer closed
 * @param abortive true for a reset ({@code WSK_FLAG_ABORTIVE})
 */
public record DisconnectEvent(ActorRef<ConnectionSocket.Command> socket, boolean abortive)
    implements ConnectionSocket.Event, StreamSocket.Event {}
