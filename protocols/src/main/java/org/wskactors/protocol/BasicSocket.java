package org.wskactors.protocol;

/**
 * The basic socket category ({@code WSK_PROVIDER_BASIC_DISPATCH}): no bind and no data, only
 * options, IOCTLs ({@link IoctlCode#SIO_ADDRESS_LIST_QUERY}, {@link
 * IoctlCode#SIO_ADDRESS_LIST_CHANGE}, {@link IoctlCode#SIO_ROUTING_INTERFACE_QUERY}) and close.
 * Basic sockets have no events. Create one with {@link CreateBasicSocket}.
 */
public final class BasicSocket {
  private BasicSocket() {}

  /** The basic dispatch table. */
  public sealed interface Command permits ControlSocket, CloseSocket {}
}
