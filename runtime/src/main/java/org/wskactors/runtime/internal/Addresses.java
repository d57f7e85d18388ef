package org.wskactors.runtime.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Map;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskStatus;

/** INTERNAL API: checks of local and remote addresses, answered with WSK statuses. */
public final class Addresses {
  private Addresses() {}

  /**
   * Null when {@code address} may be bound by a socket of {@code family}, else the status.
   *
   * @param address the local address
   * @param family the socket's family
   */
  public static WskStatus checkLocal(InetSocketAddress address, AddressFamily family) {
    if (address == null || address.isUnresolved() || family == null) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (AddressFamily.of(address) != family) return WskStatus.STATUS_INVALID_PARAMETER;
    InetAddress ip = address.getAddress();
    if (ip.isAnyLocalAddress() || ip.isLoopbackAddress()) return null;
    try {
      return NetworkInterface.getByInetAddress(ip) != null
          ? null
          : WskStatus.STATUS_INVALID_ADDRESS;
    } catch (SocketException e) {
      return WskStatus.STATUS_INVALID_ADDRESS;
    }
  }

  /**
   * Null when a socket of {@code family} may connect to {@code address}, else the status.
   *
   * @param address the remote address
   * @param family the socket's family
   */
  public static WskStatus checkRemote(InetSocketAddress address, AddressFamily family) {
    if (address == null || address.isUnresolved() || family == null) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (AddressFamily.of(address) != family
        || address.getAddress().isAnyLocalAddress()
        || address.getPort() == 0) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return null;
  }

  /**
   * True when an IPv4 peer reached an {@link AddressFamily#INET6} socket that serves only IPv6
   * peers ({@link SocketOption#IPV6_V6ONLY} on, the default).
   *
   * @param family the listener's family
   * @param options the listener's options
   * @param remote the peer's address
   */
  public static boolean refusedByV6Only(
      AddressFamily family, Map<SocketOption<?>, Object> options, InetSocketAddress remote) {
    return family == AddressFamily.INET6
        && !Boolean.FALSE.equals(options.get(SocketOption.IPV6_V6ONLY))
        && remote.getAddress() instanceof Inet4Address;
  }
}
