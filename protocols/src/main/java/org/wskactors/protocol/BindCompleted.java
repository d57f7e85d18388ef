package org.wskactors.protocol;

import java.net.InetSocketAddress;

/**
 * Reply from a socket to the sender of {@link Bind}.
 *
 * @param status the completion status
 * @param localAddress the bound address (with the real port for a listener bound to port 0); null
 *     on failure
 */
public record BindCompleted(WskStatus status, InetSocketAddress localAddress)
    implements WskCompletion {}
