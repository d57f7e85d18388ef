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

  private final String name;
  private final int function;

  private IoctlCode(String name, int function) {
    this.name = name;
    this.function = function;
  }

  /** The WSK name of the IOCTL. */
  public String name() {
    return name;
  }

  /** The function number in {@code _WSAIOW(IOC_WSK, n)} / {@code _WSAIORW(IOC_WSK, n)}. */
  public int function() {
    return function;
  }

  @Override
  public String toString() {
    return name;
  }
}
