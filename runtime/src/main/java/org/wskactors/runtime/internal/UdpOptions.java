package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.UdpSO;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskStatus;

/**
 * INTERNAL API: the socket options, address checks and failure statuses of datagram sockets, mapped
 * to Pekko IO UDP options and to the socket's {@link DatagramChannel}.
 */
public final class UdpOptions {
  private UdpOptions() {}

  /** The WSK default of {@link SocketOption#IP_MULTICAST_TTL}. */
  static final int DEFAULT_MULTICAST_TTL = 1;

  /** The largest value of {@link SocketOption#IP_MULTICAST_TTL}. */
  static final int MAX_MULTICAST_TTL = 255;

  /**
   * True for options that may be set only before bind: {@code SO_BROADCAST}, {@code SO_REUSEADDR},
   * {@code SO_EXCLUSIVEADDRUSE}, {@code IPV6_V6ONLY}.
   *
   * @param opt the option
   */
  public static boolean isBeforeBindOption(SocketOption<?> opt) {
    return opt == SocketOption.SO_BROADCAST
        || opt == SocketOption.SO_REUSEADDR
        || opt == SocketOption.SO_EXCLUSIVEADDRUSE
        || opt == SocketOption.IPV6_V6ONLY;
  }

  /**
   * True for options a datagram socket may set at any time before close: kept until bind, then
   * applied to the channel ({@code SO_RCVBUF}, {@code SO_SNDBUF}, {@code IP_MULTICAST_LOOP}, {@code
   * IP_MULTICAST_TTL}).
   *
   * @param opt the option
   */
  public static boolean isChannelOption(SocketOption<?> opt) {
    return opt == SocketOption.SO_RCVBUF
        || opt == SocketOption.SO_SNDBUF
        || opt == SocketOption.IP_MULTICAST_LOOP
        || opt == SocketOption.IP_MULTICAST_TTL;
  }

  /**
   * Success, or {@link WskStatus#STATUS_INVALID_PARAMETER} for a value out of range.
   *
   * @param opt the option
   * @param value its value, of the option's type
   */
  public static WskStatus validate(SocketOption<?> opt, Object value) {
    if ((opt == SocketOption.SO_RCVBUF || opt == SocketOption.SO_SNDBUF) && (Integer) value <= 0) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (opt == SocketOption.IP_MULTICAST_TTL
        && ((Integer) value < 0 || (Integer) value > MAX_MULTICAST_TTL)) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return WskStatus.STATUS_SUCCESS;
  }

  /**
   * Pekko IO options for the bind, from the options set before it. Multicast options are applied to
   * the channel after bind ({@link #applyAll}).
   *
   * @param options the socket's option values
   */
  public static List<Inet.SocketOption> beforeBind(Map<SocketOption<?>, Object> options) {
    List<Inet.SocketOption> out = new ArrayList<>();
    options.forEach(
        (opt, v) -> {
          if (opt == SocketOption.SO_BROADCAST) out.add(UdpSO.broadcast((Boolean) v));
          else if (opt == SocketOption.SO_REUSEADDR) out.add(UdpSO.reuseAddress((Boolean) v));
          else if (opt == SocketOption.SO_EXCLUSIVEADDRUSE && (Boolean) v) {
            out.add(UdpSO.reuseAddress(false));
          } else if (opt == SocketOption.SO_RCVBUF) {
            out.add(UdpSO.receiveBufferSize((Integer) v));
          } else if (opt == SocketOption.SO_SNDBUF) out.add(UdpSO.sendBufferSize((Integer) v));
        });
    return out;
  }

  /**
   * Applies the channel options set before bind (or while it ran) to the bound channel: the
   * multicast options, which Pekko IO has no bind option for, and the buffer sizes again.
   *
   * @param channel the bound channel
   * @param options the socket's option values
   * @return success, or the status of the first option that failed
   */
  public static WskStatus applyAll(DatagramChannel channel, Map<SocketOption<?>, Object> options) {
    for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
      SocketOption<?> opt = e.getKey();
      if (isChannelOption(opt)) {
        WskStatus s = apply(channel, opt, e.getValue());
        if (!s.isSuccess()) return s;
      }
    }
    return WskStatus.STATUS_SUCCESS;
  }

  /**
   * Sets a channel option on the bound channel.
   *
   * @param channel the channel
   * @param opt one of the {@link #isChannelOption channel options}
   * @param value its value, validated
   */
  public static WskStatus apply(DatagramChannel channel, SocketOption<?> opt, Object value) {
    try {
      if (opt == SocketOption.SO_RCVBUF) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, (Integer) value);
      } else if (opt == SocketOption.SO_SNDBUF) {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, (Integer) value);
      } else if (opt == SocketOption.IP_MULTICAST_LOOP) {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, (Boolean) value);
      } else if (opt == SocketOption.IP_MULTICAST_TTL) {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, (Integer) value);
      } else {
        return WskStatus.STATUS_NOT_SUPPORTED;
      }
      return WskStatus.STATUS_SUCCESS;
    } catch (ClosedChannelException e) {
      return WskStatus.STATUS_FILE_FORCED_CLOSED;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Statuses.of(e, WskStatus.STATUS_INVALID_PARAMETER);
    }
  }

  /**
   * Reads an option from the bound channel; null when the channel cannot tell.
   *
   * @param channel the channel
   * @param opt the option
   */
  public static Object read(DatagramChannel channel, SocketOption<?> opt) {
    try {
      if (opt == SocketOption.SO_RCVBUF) return channel.getOption(StandardSocketOptions.SO_RCVBUF);
      if (opt == SocketOption.SO_SNDBUF) return channel.getOption(StandardSocketOptions.SO_SNDBUF);
      if (opt == SocketOption.SO_BROADCAST) {
        return channel.getOption(StandardSocketOptions.SO_BROADCAST);
      }
      if (opt == SocketOption.SO_REUSEADDR) {
        return channel.getOption(StandardSocketOptions.SO_REUSEADDR);
      }
      if (opt == SocketOption.IP_MULTICAST_LOOP) {
        return channel.getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
      }
      if (opt == SocketOption.IP_MULTICAST_TTL) {
        return channel.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    return null;
  }

  /**
   * The value set before bind, or the WSK default; null when it is not known before bind (the
   * buffer sizes, which the kernel chooses).
   *
   * @param options the values set so far
   * @param opt the option
   */
  public static Object valueOrDefault(Map<SocketOption<?>, Object> options, SocketOption<?> opt) {
    Object v = options.get(opt);
    if (v != null) return v;
    if (opt == SocketOption.IPV6_V6ONLY || opt == SocketOption.IP_MULTICAST_LOOP) {
      return Boolean.TRUE;
    }
    if (opt == SocketOption.SO_BROADCAST
        || opt == SocketOption.SO_REUSEADDR
        || opt == SocketOption.SO_EXCLUSIVEADDRUSE) {
      return Boolean.FALSE;
    }
    if (opt == SocketOption.IP_MULTICAST_TTL) return DEFAULT_MULTICAST_TTL;
    return null;
  }

  /**
   * True when an {@link AddressFamily#INET6} socket serves IPv4 peers too ({@code IPV6_V6ONLY}
   * turned off before bind).
   *
   * @param family the socket's family
   * @param options the socket's option values
   */
  public static boolean dualStack(AddressFamily family, Map<SocketOption<?>, Object> options) {
    return family == AddressFamily.INET6
        && Boolean.FALSE.equals(options.get(SocketOption.IPV6_V6ONLY));
  }

  /**
   * Null when a socket of {@code family} may send to {@code address}, else {@link
   * WskStatus#STATUS_INVALID_PARAMETER}: null, unresolved, wildcard, port 0, or another family (an
   * IPv4 destination is allowed on a dual-stack IPv6 socket; Java shows IPv4-mapped addresses as
   * IPv4).
   *
   * @param address the destination
   * @param family the socket's family
   * @param dualStack whether the socket is a dual-stack IPv6 socket
   */
  public static WskStatus checkDestination(
      InetSocketAddress address, AddressFamily family, boolean dualStack) {
    if (address == null || address.isUnresolved()) return WskStatus.STATUS_INVALID_PARAMETER;
    AddressFamily f = AddressFamily.of(address);
    boolean familyOk = f == family || (dualStack && f == AddressFamily.INET);
    if (!familyOk || address.getAddress().isAnyLocalAddress() || address.getPort() == 0) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return null;
  }

  /**
   * The largest UDP payload that can be sent to {@code target}: 65,507 bytes over IPv4, 65,527 over
   * IPv6.
   *
   * @param target the destination, or null for the socket's own family
   * @param family the socket's family
   */
  public static int maxDatagram(InetSocketAddress target, AddressFamily family) {
    boolean v4 =
        target != null && !target.isUnresolved()
            ? target.getAddress() instanceof Inet4Address
            : family == AddressFamily.INET;
    return v4 ? SendTo.MAX_IPV4_DATAGRAM : SendTo.MAX_IPV6_DATAGRAM;
  }

  /**
   * The status of a send the kernel refused.
   *
   * @param e the exception from {@link DatagramChannel#send}
   */
  public static WskStatus sendFailure(Exception e) {
    if (e instanceof ClosedChannelException) return WskStatus.STATUS_FILE_FORCED_CLOSED;
    WskStatus s = Statuses.of(e, null);
    if (s != null) return s;
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (m.contains("message too long") || m.contains("invalid argument")) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return WskStatus.STATUS_NETWORK_UNREACHABLE;
  }

  /**
   * Why a Pekko IO UDP bind failed. Pekko IO's {@code CommandFailed} for a UDP bind carries no
   * cause (it only logs it), so this repeats the bind on a throwaway channel with the same
   * address-sharing option and maps its exception; when the repeat succeeds (the conflict went away
   * meanwhile), the likeliest cause, {@link WskStatus#STATUS_ADDRESS_ALREADY_EXISTS}, is returned.
   *
   * @param family the socket's family
   * @param address the address that failed
   * @param options the socket's option values
   */
  public static WskStatus diagnoseBindFailure(
      AddressFamily family, InetSocketAddress address, Map<SocketOption<?>, Object> options) {
    try (DatagramChannel probe = UdpChannelCapture.openChannel(family)) {
      probe.setOption(
          StandardSocketOptions.SO_REUSEADDR,
          Boolean.TRUE.equals(options.get(SocketOption.SO_REUSEADDR)));
      probe.bind(address);
      return WskStatus.STATUS_ADDRESS_ALREADY_EXISTS;
    } catch (IOException | RuntimeException e) {
      return Statuses.of(e, WskStatus.STATUS_ADDRESS_ALREADY_EXISTS);
    }
  }

  /**
   * The interface the system would use for a multicast group when the application names none: the
   * interface of the route to the group (found by connecting a throwaway socket), else the first
   * interface that is up, multicast-capable and has an address of the group's family, else the
   * loopback interface; null when there is none.
   *
   * @param group the multicast group
   */
  public static NetworkInterface multicastInterface(InetAddress group) {
    try (DatagramSocket probe = new DatagramSocket()) {
      probe.connect(group, 9);
      InetAddress local = probe.getLocalAddress();
      if (local != null && !local.isAnyLocalAddress()) {
        NetworkInterface ni = NetworkInterface.getByInetAddress(local);
        if (ni != null && ni.isUp() && (ni.supportsMulticast() || ni.isLoopback())) return ni;
      }
    } catch (IOException | RuntimeException e) {
      // no route to the group: fall back to the interface list
    }
    NetworkInterface loopback = null;
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp()) continue;
        if (ni.isLoopback()) {
          if (loopback == null) loopback = ni;
          continue;
        }
        if (ni.supportsMulticast() && hasAddressOfFamily(ni, group)) return ni;
      }
    } catch (SocketException e) {
      return loopback;
    }
    return loopback;
  }

  private static boolean hasAddressOfFamily(NetworkInterface ni, InetAddress group) {
    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
      if ((a instanceof Inet4Address) == (group instanceof Inet4Address)) return true;
    }
    return false;
  }
}
