package org.wskactors.protocol;

/**
 * A typed WSK IOCTL code for {@link Ioctl}: {@code I} is the input type ({@link Void} when none),
 * {@code O} the output type ({@link Void} when none).
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class IoctlCode<I, O> {

  /**
   * {@code SIO_WSK_QUERY_IDEAL_SEND_BACKLOG}: connection sockets after connect; the number of bytes
   * the application should keep outstanding in sends to keep the connection busy.
   */
  public static final IoctlCode<Void, Long> SIO_WSK_QUERY_IDEAL_SEND_BACKLOG =
      new IoctlCode<>("SIO_WSK_QUERY_IDEAL_SEND_BACKLOG", 3);

  /**
   * {@code SIO_WSK_QUERY_RECEIVE_BACKLOG}: connection sockets after connect; the number of received
   * bytes buffered in the socket and not yet handed to the application.
   */
  public static final IoctlCode<Void, Long> SIO_WSK_QUERY_RECEIVE_BACKLOG =
      new IoctlCode<>("SIO_WSK_QUERY_RECEIVE_BACKLOG", 4);

  /**
   * {@code SIO_WSK_SET_REMOTE_ADDRESS}: datagram sockets after bind; sets the default destination
   * and drops datagrams from other senders. A null input clears it.
   */
  public static final IoctlCode<java.net.InetSocketAddress, Void> SIO_WSK_SET_REMOTE_ADDRESS =
      new IoctlCode<>("SIO_WSK_SET_REMOTE_ADDRESS", 1);

  /**
   * {@code SIO_WSK_SET_SENDTO_ADDRESS}: datagram sockets after bind; sets the default destination
   * only, without a receive filter. A null input clears it.
   */
  public static final IoctlCode<java.net.InetSocketAddress, Void> SIO_WSK_SET_SENDTO_ADDRESS =
      new IoctlCode<>("SIO_WSK_SET_SENDTO_ADDRESS", 6);

  /**
   * {@code SIO_WSK_QUERY_INSPECT_ID}: on a connection socket accepted under conditional accept, its
   * {@link InspectId}; on any other socket {@link WskStatus#STATUS_INVALID_DEVICE_REQUEST}.
   */
  public static final IoctlCode<Void, InspectId> SIO_WSK_QUERY_INSPECT_ID =
      new IoctlCode<>("SIO_WSK_QUERY_INSPECT_ID", 5);

  /** {@code SIO_ADDRESS_LIST_QUERY}: basic sockets; the local addresses of the socket's family. */
  public static final IoctlCode<Void, java.util.List<java.net.InetAddress>> SIO_ADDRESS_LIST_QUERY =
      new IoctlCode<>("SIO_ADDRESS_LIST_QUERY", 0x16);

  /**
   * {@code SIO_ADDRESS_LIST_CHANGE}: basic sockets; completes when the local address list of the
   * socket's family changes (checked every {@code wsk-actors.basic.address-poll-interval}).
   */
  public static final IoctlCode<Void, Void> SIO_ADDRESS_LIST_CHANGE =
      new IoctlCode<>("SIO_ADDRESS_LIST_CHANGE", 0x17);

  /**
   * {@code SIO_ROUTING_INTERFACE_QUERY}: basic sockets; the local address the system would use to
   * reach the given remote address.
   */
  public static final IoctlCode<java.net.InetSocketAddress, java.net.InetAddress>
      SIO_ROUTING_INTERFACE_QUERY = new IoctlCode<>("SIO_ROUTING_INTERFACE_QUERY", 0x14);

  private final String name;
  private final int function;

  private IoctlCode(String name, int function) {
    this.name = name;
    this.function = function;
  }

  /** {@return the WSK name of the IOCTL} */
  public String name() {
    return name;
  }

  /**
   * {@return the function number {@code n} in {@code _WSAIOW(IOC_WSK, n)} / {@code
   * _WSAIORW(IOC_WSK, n)}}
   */
  public int function() {
    return function;
  }

  @Override
  public String toString() {
    return name;
  }
}
