package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskReceiveEvent}: a connection socket hands received bytes to its handler, once {@link
 * WskEvent#RECEIVE} is enabled and no {@link Receive} is posted.
 *
 * <p>Events for a socket are serial: the next one comes only after the handler replied to this one
 * through {@code replyTo} with a {@link ReceiveEventResponse}. The bytes count against the socket's
 * receive window until they are consumed or, after {@link ReceiveEventResponse#retained()}, given
 * back with {@link Release} carrying {@code indicationId}. While the window is full the socket
 * stops reading, so TCP pushes back on the peer.
 *
 * @param socket the socket that received the bytes
 * @param data the bytes (one or more transport reads, coalesced)
 * @param indicationId identifies this indication for {@link Release}
 * @param flags indication flags; 0 on Java
 * @param replyTo receives the handler's {@link ReceiveEventResponse}
 */
public record ReceiveEvent(
    ActorRef<ConnectionSocket.Command> socket,
    ByteString data,
    long indicationId,
    int flags,
    ActorRef<ReceiveEventResponse> replyTo)
    implements ConnectionSocket.Event, StreamSocket.Event {}
