package org.wskactors.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** The address family of a socket, fixed when the socket is created, as in {@code WskSocket}. */
public enum AddressFamily {
  /** IPv4 ({@code AF_INET}, 2). */
  INET(2),
  /** IPv6 ({@code AF_INET6}, 23); dual-stack when {@link SocketOption#IPV6_V6ONLY} is off. */
  INET6(23);

  private final int value;

  AddressFamily(int value) {
    this.value = value;
  }

  /** {@return the Windows {@code AF_*} value} */
  public int value() {
    return value;
  }

  /**
   * The family of a resolved socket address, or {@code null} when it is unresolved.
   *
   * @param address the address to classify
   * @return its family; null for a null or unresolved address
   */
  public static AddressFamily of(InetSocketAddress address) {
    if (address == null || address.isUnresolved()) return null;
    if (address.getAddress() instanceof Inet4Address) return INET;
    if (address.getAddress() instanceof Inet6Address) return INET6;
    return null;
  }
}
