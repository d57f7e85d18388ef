package org.wskactors.runtime.javadsl;

import java.net.InetSocketAddress;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.WskFlags;

/**
 * What {@link WskDatagram#receiveFrom(int)} completes with: one datagram.
 *
 * @param data the datagram, cut to the requested size when it was larger
 * @param remoteAddress the sender
 * @param controlFlags the protocol's control flags ({@link WskFlags#MSG_TRUNC}, {@link
 *     WskFlags#MSG_BCAST}, {@link WskFlags#MSG_MCAST})
 */
public record ReceivedDatagram(ByteString data, InetSocketAddress remoteAddress, int controlFlags) {

  /**
   * True when the datagram was larger than the requested size and was cut ({@code MSG_TRUNC}).
   *
   * @return whether the datagram was cut
   */
  public boolean truncated() {
    return (controlFlags & WskFlags.MSG_TRUNC) != 0;
  }
}
