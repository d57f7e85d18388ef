package org.wskactors.protocol;

import java.net.InetSocketAddress;

/**
 * Reply from a stream socket to the sender of {@link Listen}.
 *
 * @param status the completion status
 * @param localAddress the listening address (real port when bound to 0); null on failure
 */
public record ListenCompleted(WskStatus status, InetSocketAddress localAddress)
    implements WskCompletion {}
