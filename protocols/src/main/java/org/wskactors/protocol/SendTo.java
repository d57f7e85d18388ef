package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskSendTo}: the application sends one datagram from a bound datagram socket.
 *
 * <p>Reply: {@link SendToCompleted} when the transport has taken the datagram; {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for more than 65,507 bytes (IPv4; 65,527 for IPv6), a null,
 * unresolved or port-0 remote, or another family; {@link WskStatus#STATUS_INVALID_DEVICE_STATE}
 * when not bound, or when {@code remoteAddress} is null and no default destination is set ({@link
 * IoctlCode#SIO_WSK_SET_REMOTE_ADDRESS}, {@link IoctlCode#SIO_WSK_SET_SENDTO_ADDRESS}); {@link
 * WskStatus#STATUS_NOT_SUPPORTED} for flags other than 0. Sends complete in order.
 *
 * @param data the datagram
 * @param remoteAddress the destination, or null for the default destination
 * @param flags must be {@link WskFlags#NONE}
 * @param replyTo receives the {@link SendToCompleted}
 */
public record SendTo(
    ByteString data, InetSocketAddress remoteAddress, int flags, ActorRef<SendToCompleted> replyTo)
    implements DatagramSocket.Command {

  /** The largest UDP payload over IPv4. */
  public static final int MAX_IPV4_DATAGRAM = 65_507;

  /** The largest UDP payload over IPv6 (without jumbograms). */
  public static final int MAX_IPV6_DATAGRAM = 65_527;
}
