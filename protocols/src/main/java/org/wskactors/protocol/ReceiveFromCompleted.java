package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.util.ByteString;

/**
 * Reply from a datagram socket to the sender of {@link ReceiveFrom}.
 *
 * @param status the completion status
 * @param data the datagram (maybe cut); empty on failure
 * @param remoteAddress its sender; null on failure
 * @param controlFlags {@link WskFlags#MSG_TRUNC}, {@link WskFlags#MSG_BCAST}, {@link
 *     WskFlags#MSG_MCAST} as far as Java can tell
 */
public record ReceiveFromCompleted(
    WskStatus status, ByteString data, InetSocketAddress remoteAddress, int controlFlags)
    implements WskCompletion {}
