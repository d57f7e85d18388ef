package org.wskactors.protocol;

import java.net.InetSocketAddress;

/**
 * Reply from a socket to the sender of {@link GetLocalAddress} or {@link GetRemoteAddress}.
 *
 * @param status the completion status
 * @param address the address; null on failure
 */
public record AddressCompleted(WskStatus status, InetSocketAddress address)
    implements WskCompletion {}
