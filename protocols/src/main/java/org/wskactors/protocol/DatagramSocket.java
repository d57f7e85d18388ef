package org.wskactors.protocol;

/**
 * The datagram socket category ({@code WSK_PROVIDER_DATAGRAM_DISPATCH} and {@code
 * WSK_CLIENT_DATAGRAM_DISPATCH}), UDP over Pekko IO.
 *
 * <p>Lifecycle: create with {@link CreateDatagramSocket}, options, {@link Bind}, then {@link
 * SendTo} / {@link SendMessages}, and {@link ReceiveFrom} or, after enabling {@link
 * WskEvent#RECEIVE_FROM}, {@link ReceiveFromEvent}s; {@link CloseSocket} at the end.
 */
public final class DatagramSocket {
  private DatagramSocket() {}

  /** The datagram dispatch table. */
  public sealed interface Command
      permits ControlSocket,
          CloseSocket,
          Bind,
          SendTo,
          ReceiveFrom,
          Release,
          GetLocalAddress,
          SendMessages {}

  /** The datagram events a datagram socket sends to its handler. */
  public sealed interface Event permits ReceiveFromEvent, SocketFailedEvent {}
}
