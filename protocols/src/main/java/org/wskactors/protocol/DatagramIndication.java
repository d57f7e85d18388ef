package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.util.ByteString;

/**
 * {@code WSK_DATAGRAM_INDICATION}: one datagram in a {@link ReceiveFromEvent}.
 *
 * @param data the datagram
 * @param remoteAddress its sender
 * @param flags {@link WskFlags#MSG_BCAST} or {@link WskFlags#MSG_MCAST} as far as Java can tell
 */
public record DatagramIndication(ByteString data, InetSocketAddress remoteAddress, int flags) {}
