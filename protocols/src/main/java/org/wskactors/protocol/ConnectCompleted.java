package org.wskactors.protocol;

import java.net.InetSocketAddress;

/**
 * Reply from a connection socket to the sender of {@link Connect} or {@link ConnectEx}.
 *
 * @param status the completion status
 * @param localAddress the connection's local address; null on failure
 * @param remoteAddress the peer's address; null on failure
 */
public record ConnectCompleted(
    WskStatus status, InetSocketAddress localAddress, InetSocketAddress remoteAddress)
    implements WskCompletion {}
