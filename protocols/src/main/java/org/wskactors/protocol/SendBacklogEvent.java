package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSendBacklogEvent}: a connection socket tells its handler the ideal number of bytes to
 * keep outstanding in sends, once {@link WskEvent#SEND_BACKLOG} is enabled (at once) and whenever
 * it changes. No reply.
 *
 * @param socket the socket
 * @param idealBacklogSize the ideal outstanding send bytes
 */
public record SendBacklogEvent(ActorRef<ConnectionSocket.Command> socket, long idealBacklogSize)
    implements ConnectionSocket.Event, StreamSocket.Event {}
