package org.wskactors.protocol;

/**
 * The completion status of every request and the return status of every event reply, named and
 * numbered as the NTSTATUS values a Winsock Kernel client sees.
 *
 * <p>Every reply of the socket and provider protocols carries one of these; failures are never
 * thrown across actors. {@link #isSuccess()} separates success from failure the way {@code
 * NT_SUCCESS} does.
 */
public enum WskStatus {
  /** The request completed. */
  STATUS_SUCCESS(0x00000000),
  /** The request is pending; used only in documentation of event replies. */
  STATUS_PENDING(0x00000103),
  /** A larger buffer is needed (for example, ConnectEx initial data over 65,535 bytes). */
  STATUS_BUFFER_OVERFLOW(0x80000005),
  /** The function is not implemented for this socket category. */
  STATUS_NOT_IMPLEMENTED(0xC0000002),
  /** The client or socket handle is not valid. */
  STATUS_INVALID_HANDLE(0xC0000008),
  /** An argument is null, out of range or of the wrong address family. */
  STATUS_INVALID_PARAMETER(0xC000000D),
  /** The request is not valid for this kind of socket (for example an unknown IOCTL). */
  STATUS_INVALID_DEVICE_REQUEST(0xC0000010),
  /** The local address may not be used by this socket. */
  STATUS_ACCESS_DENIED(0xC0000022),
  /** A configured resource bound (such as the send-queue bound) would be exceeded. */
  STATUS_INSUFFICIENT_RESOURCES(0xC000009A),
  /** The provider is not ready, or the client is deregistering. */
  STATUS_DEVICE_NOT_READY(0xC00000A3),
  /** A timeout given with the request expired. */
  STATUS_IO_TIMEOUT(0xC00000B5),
  /** The socket is dead and should be closed. */
  STATUS_FILE_FORCED_CLOSED(0xC00000B6),
  /** A flag or option is not supported by the transport. */
  STATUS_NOT_SUPPORTED(0xC00000BB),
  /** The application rejected an incoming connection. */
  STATUS_REQUEST_NOT_ACCEPTED(0xC00000D0),
  /** The request was cancelled, typically because the socket was closed. */
  STATUS_CANCELLED(0xC0000120),
  /** The address is not a valid local or remote address. */
  STATUS_INVALID_ADDRESS(0xC0000141),
  /** The request is not valid in the socket's current state. */
  STATUS_INVALID_DEVICE_STATE(0xC0000184),
  /** The connection was closed by the peer before the request could complete. */
  STATUS_CONNECTION_DISCONNECTED(0xC000020C),
  /** The peer reset the connection. */
  STATUS_CONNECTION_RESET(0xC000020D),
  /** The local address is already in use by another socket. */
  STATUS_ADDRESS_ALREADY_EXISTS(0xC000020A),
  /** An address component (port, scope) is not valid. */
  STATUS_INVALID_ADDRESS_COMPONENT(0xC0000207),
  /** The application did not accept the indicated data; events pause until a Receive. */
  STATUS_DATA_NOT_ACCEPTED(0xC000021B),
  /** The name was not found. */
  STATUS_NOT_FOUND(0xC0000225),
  /** The remote host refused the connection. */
  STATUS_CONNECTION_REFUSED(0xC0000236),
  /** The network is unreachable. */
  STATUS_NETWORK_UNREACHABLE(0xC000023C),
  /** The host is unreachable. */
  STATUS_HOST_UNREACHABLE(0xC000023D),
  /** The connection was aborted locally. */
  STATUS_CONNECTION_ABORTED(0xC0000241),
  /** The address is already associated with a socket. */
  STATUS_ADDRESS_ALREADY_ASSOCIATED(0xC0000328);

  private final int value;

  WskStatus(int value) {
    this.value = value;
  }

  /** {@return the 32-bit NTSTATUS value, as in the Windows headers} */
  public int value() {
    return value;
  }

  /**
   * {@return true for success and informational statuses (severity bits 00 or 01), like {@code
   * NT_SUCCESS}}
   */
  public boolean isSuccess() {
    return value >= 0;
  }

  /** The status as {@code STATUS_NAME (0xC0000000)}. */
  @Override
  public String toString() {
    return name() + " (0x" + String.format("%08X", value) + ")";
  }
}
