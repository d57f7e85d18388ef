package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A socket tells its handler that it is dead: its actor failed or its transport was lost, and it
 * was closed (WSK signals this with a NULL indication). No reply; the socket ref is stopped.
 *
 * @param socket the dead socket
 * @param status why, usually {@link WskStatus#STATUS_FILE_FORCED_CLOSED}
 */
public record SocketFailedEvent(ActorRef<?> socket, WskStatus status)
    implements ListenSocket.Event,
        ConnectionSocket.Event,
        DatagramSocket.Event,
        StreamSocket.Event {}
