package org.wskactors.protocol;

import java.util.Objects;

/**
 * A typed socket option key for {@link SetOption} and {@link GetOption}, in the style of Netty's
 * {@code ChannelOption<T>}: the type parameter is the option's value type, so a wrong value does
 * not compile.
 *
 * <p>Each option is allowed only in the socket states WSK allows; elsewhere the request completes
 * {@link WskStatus#STATUS_INVALID_DEVICE_STATE}. The rules per option are listed on each constant.
 *
 * @param <T> the value type
 */
public final class SocketOption<T> {

  /**
   * {@code SO_REUSEADDR}: allow binding an address another socket uses. Listening and connection
   * sockets; set before bind. Cannot be combined with {@link #SO_EXCLUSIVEADDRUSE}.
   */
  public static final SocketOption<Boolean> SO_REUSEADDR =
      new SocketOption<>("SO_REUSEADDR", Boolean.class);

  /**
   * {@code SO_EXCLUSIVEADDRUSE}: no other socket may bind this address. Listening and connection
   * sockets; set before bind. Cannot be combined with {@link #SO_REUSEADDR}.
   */
  public static final SocketOption<Boolean> SO_EXCLUSIVEADDRUSE =
      new SocketOption<>("SO_EXCLUSIVEADDRUSE", Boolean.class);

  /**
   * {@code SO_KEEPALIVE}: TCP keep-alive probes. Listening sockets (before bind; inherited by
   * accepted sockets) and connection sockets (any time before close).
   */
  public static final SocketOption<Boolean> SO_KEEPALIVE =
      new SocketOption<>("SO_KEEPALIVE", Boolean.class);

  /**
   * {@code SO_RCVBUF}: the kernel receive buffer in bytes (1 to 2^31-1). Listening sockets before
   * bind (inherited), connection sockets any time before close.
   */
  public static final SocketOption<Integer> SO_RCVBUF =
      new SocketOption<>("SO_RCVBUF", Integer.class);

  /**
   * {@code SO_SNDBUF}: the kernel send buffer in bytes (1 to 2^31-1); also the ideal send backlog.
   * Listening sockets before bind (inherited), connection sockets any time before close.
   */
  public static final SocketOption<Integer> SO_SNDBUF =
      new SocketOption<>("SO_SNDBUF", Integer.class);

  /**
   * {@code TCP_NODELAY}: disable Nagle's algorithm. On by default (the transport's default).
   * Listening sockets before bind (inherited), connection sockets any time before close.
   */
  public static final SocketOption<Boolean> TCP_NODELAY =
      new SocketOption<>("TCP_NODELAY", Boolean.class);

  /**
   * {@code TCP_KEEPIDLE} (Winsock's {@code TCP_KEEPALIVE}): seconds a connection stays idle before
   * the first keep-alive probe is sent, 1 to 32767; applies while {@link #SO_KEEPALIVE} is on.
   * Listening sockets before bind (inherited), connection sockets any time before close. Unset, the
   * system's default applies (Linux {@code net.ipv4.tcp_keepalive_time}, 7200 s). With {@link
   * #TCP_KEEPINTVL} and {@link #TCP_KEEPCNT} it bounds how long a peer that vanished without FIN or
   * reset goes unnoticed on an idle connection; the connection then ends with {@link
   * WskStatus#STATUS_IO_TIMEOUT}.
   */
  public static final SocketOption<Integer> TCP_KEEPIDLE =
      new SocketOption<>("TCP_KEEPIDLE", Integer.class);

  /**
   * {@code TCP_KEEPINTVL}: seconds between unanswered keep-alive probes, 1 to 32767. Where and when
   * as {@link #TCP_KEEPIDLE}; unset, the system's default (Linux {@code
   * net.ipv4.tcp_keepalive_intvl}, 75 s).
   */
  public static final SocketOption<Integer> TCP_KEEPINTVL =
      new SocketOption<>("TCP_KEEPINTVL", Integer.class);

  /**
   * {@code TCP_KEEPCNT}: unanswered keep-alive probes after which the connection is dropped, 1 to
   * 127. Where and when as {@link #TCP_KEEPIDLE}; unset, the system's default (Linux {@code
   * net.ipv4.tcp_keepalive_probes}, 9).
   */
  public static final SocketOption<Integer> TCP_KEEPCNT =
      new SocketOption<>("TCP_KEEPCNT", Integer.class);

  /**
   * {@code IPV6_V6ONLY}: an {@link AddressFamily#INET6} socket accepts only IPv6 peers. On by
   * default, as on Windows; turn it off before bind for a dual-stack socket. Before bind only.
   */
  public static final SocketOption<Boolean> IPV6_V6ONLY =
      new SocketOption<>("IPV6_V6ONLY", Boolean.class);

  /**
   * {@code SO_WSK_EVENT_CALLBACK}: enable event callbacks, several at once, or disable one.
   * Listening sockets after bind; connection sockets after connect. Get is not supported.
   */
  public static final SocketOption<EventCallbackControl> SO_WSK_EVENT_CALLBACK =
      new SocketOption<>("SO_WSK_EVENT_CALLBACK", EventCallbackControl.class);

  /** {@code SO_BROADCAST}: allow sending to broadcast addresses. Datagram sockets, before bind. */
  public static final SocketOption<Boolean> SO_BROADCAST =
      new SocketOption<>("SO_BROADCAST", Boolean.class);

  /**
   * {@code SO_CONDITIONAL_ACCEPT}: each incoming connection first raises an {@link InspectEvent}.
   * Listening and stream sockets, before bind. Off by default.
   */
  public static final SocketOption<Boolean> SO_CONDITIONAL_ACCEPT =
      new SocketOption<>("SO_CONDITIONAL_ACCEPT", Boolean.class);

  /**
   * {@code MCAST_JOIN_GROUP}: join a multicast group. Datagram sockets, after bind. Not readable.
   */
  public static final SocketOption<MulticastGroup> MCAST_JOIN_GROUP =
      new SocketOption<>("MCAST_JOIN_GROUP", MulticastGroup.class);

  /**
   * {@code MCAST_LEAVE_GROUP}: leave a group joined before. Datagram sockets, after bind. Not
   * readable.
   */
  public static final SocketOption<MulticastGroup> MCAST_LEAVE_GROUP =
      new SocketOption<>("MCAST_LEAVE_GROUP", MulticastGroup.class);

  /**
   * {@code IP_MULTICAST_LOOP}: deliver this host's multicast datagrams to its own sockets. Datagram
   * sockets, any time before close. On by default.
   */
  public static final SocketOption<Boolean> IP_MULTICAST_LOOP =
      new SocketOption<>("IP_MULTICAST_LOOP", Boolean.class);

  /**
   * {@code IP_MULTICAST_TTL}: hop limit of multicast datagrams sent, 0 to 255. Datagram sockets,
   * any time before close. 1 by default.
   */
  public static final SocketOption<Integer> IP_MULTICAST_TTL =
      new SocketOption<>("IP_MULTICAST_TTL", Integer.class);

  private final String name;
  private final Class<T> type;

  private SocketOption(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  /** {@return the WSK or Winsock name of the option} */
  public String name() {
    return name;
  }

  /** {@return the class of the option's values} */
  public Class<T> type() {
    return type;
  }

  /**
   * Casts a value to this option's type.
   *
   * @param value a value that was checked to be of {@link #type()}
   * @return the same value, typed
   */
  public T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }
}
