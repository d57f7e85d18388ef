package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reply from a listening socket to the sender of {@link Accept}.
 *
 * @param status the completion status
 * @param socket the accepted connection socket; null on failure
 * @param localAddress the connection's local address; null on failure
 * @param remoteAddress the peer's address; null on failure
 */
public record AcceptCompleted(
    WskStatus status,
    ActorRef<ConnectionSocket.Command> socket,
    InetSocketAddress localAddress,
    InetSocketAddress remoteAddress)
    implements WskCompletion {}
