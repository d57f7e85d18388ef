package org.wskactors.protocol;

/**
 * The client-level dispatch table ({@code WSK_PROVIDER_DISPATCH}): what a registered client asks of
 * its provider actor. Sockets are created here, one request per category, each answered with a ref
 * of that category's dispatch table.
 */
public final class WskProvider {
  private WskProvider() {}

  /** Requests to a client's provider actor. */
  public sealed interface Command
      permits CreateBasicSocket,
          CreateListenSocket,
          CreateConnectionSocket,
          CreateDatagramSocket,
          CreateStreamSocket,
          SocketConnect,
          ControlClient,
          GetAddressInfo,
          GetNameInfo,
          Deregister {}
}
