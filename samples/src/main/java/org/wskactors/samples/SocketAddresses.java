package org.wskactors.samples;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Formats socket addresses for logs and messages the way people write them: {@code 127.0.0.1:7},
 * {@code [::]:40007}, {@code [::1]:7} (IPv6 with the longest run of zero groups compressed).
 */
public final class SocketAddresses {
  private SocketAddresses() {}

  /**
   * The address as {@code host:port}, IPv6 hosts in brackets.
   *
   * @param address the address; an unresolved one is shown by its host name
   * @return the text
   */
  public static String format(InetSocketAddress address) {
    if (address == null) return "null";
    InetAddress ip = address.getAddress();
    if (ip == null) return address.getHostString() + ":" + address.getPort();
    return (ip instanceof Inet6Address ? "[" + format(ip) + "]" : ip.getHostAddress())
        + ":"
        + address.getPort();
  }

  /**
   * The IP address in text, IPv6 compressed as in RFC 5952 (without the brackets).
   *
   * @param ip the address
   * @return the text
   */
  public static String format(InetAddress ip) {
    if (!(ip instanceof Inet6Address v6)) return ip.getHostAddress();
    byte[] b = v6.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLen = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(groups[i]));
    }
    if (v6.getScopeId() != 0) sb.append('%').append(v6.getScopeId());
    return sb.toString();
  }
}
