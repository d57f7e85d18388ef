package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reply from a provider to the sender of {@link SocketConnect}.
 *
 * @param status the completion status
 * @param socket the connected socket; null on failure
 * @param localAddress the connection's local address; null on failure
 * @param remoteAddress the peer's address; null on failure
 */
public record SocketConnectCompleted(
    WskStatus status,
    ActorRef<ConnectionSocket.Command> socket,
    InetSocketAddress localAddress,
    InetSocketAddress remoteAddress)
    implements WskCompletion {}
