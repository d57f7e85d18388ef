package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import org.apache.pekko.io.Inet;
import org.wskactors.protocol.AddressFamily;

/**
 * INTERNAL API: the {@link DatagramChannel} of one datagram socket, opened by the socket actor
 * before its bind. With {@code wsk-actors.datagram.channel-on-loop} on the socket binds it itself;
 * off, it is handed to Pekko IO as the channel to bind (Pekko IO asks a {@link
 * Inet.DatagramChannelCreator} among the bind options for its channel).
 *
 * <p>For the Pekko IO bind, opening it in the socket actor does three things Pekko IO's default
 * channel cannot: the channel has the socket's address family (Pekko IO's default is a dual-stack
 * IPv6 channel, so an {@link AddressFamily#INET} socket bound to {@code 0.0.0.0} would report
 * {@code [::]}); a family the machine lacks fails in the actor (Pekko IO would fail while
 * constructing its socket actor, which sends no {@code CommandFailed}); and the actor keeps the
 * channel for what Pekko IO has no command for: multicast membership, multicast options, buffer
 * sizes after bind, and sends whose failure must not stop Pekko IO's socket actor.
 */
public final class UdpChannelCapture extends Inet.DatagramChannelCreator {
  private final DatagramChannel channel;

  private UdpChannelCapture(DatagramChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens an unbound channel of the given family.
   *
   * @param family the socket's address family
   * @throws IOException when the channel cannot be opened
   * @throws UnsupportedOperationException when the machine does not support the family
   */
  public static UdpChannelCapture open(AddressFamily family) throws IOException {
    return new UdpChannelCapture(openChannel(family));
  }

  /**
   * Opens an unbound channel of the given family without capturing it (for a throwaway probe).
   *
   * @param family the address family
   * @throws IOException when the channel cannot be opened
   */
  static DatagramChannel openChannel(AddressFamily family) throws IOException {
    return DatagramChannel.open(
        family == AddressFamily.INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
  }

  /** Called by Pekko IO's UDP socket actor: the channel it binds. */
  @Override
  public DatagramChannel create() {
    return channel;
  }

  /** The channel; bound once Pekko IO replied {@code Bound}. */
  public DatagramChannel channel() {
    return channel;
  }

  /** Closes the channel, ignoring failures (it may be closed already). */
  public void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // already closed or never bound; nothing to release
    }
  }
}
