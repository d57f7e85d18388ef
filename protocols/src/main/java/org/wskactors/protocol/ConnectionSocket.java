package org.wskactors.protocol;

/**
 * The connection-oriented socket category ({@code WSK_PROVIDER_CONNECTION_DISPATCH} and {@code
 * WSK_CLIENT_CONNECTION_DISPATCH}).
 *
 * <p>An application holds an {@code ActorRef<ConnectionSocket.Command>}, obtained from {@link
 * CreateConnectionSocket}, {@link SocketConnect}, {@link Accept} or an {@link AcceptEvent}. Events
 * go to the socket's handler, an {@code ActorRef<ConnectionSocket.Event>}.
 *
 * <p>Lifecycle: create, options, {@link Bind}, {@link Connect} or {@link ConnectEx}; then {@link
 * Send}, {@link Receive} or receive events, {@link Disconnect}, and {@link CloseSocket}.
 */
public final class ConnectionSocket {
  private ConnectionSocket() {}

  /** The connection dispatch table: the requests an application sends to a connection socket. */
  public sealed interface Command
      permits ControlSocket,
          CloseSocket,
          Bind,
          Connect,
          ConnectEx,
          GetLocalAddress,
          GetRemoteAddress,
          Send,
          Receive,
          Disconnect,
          Release {}

  /** The connection events a connection socket sends to its handler. */
  public sealed interface Event
      permits ReceiveEvent, DisconnectEvent, SendBacklogEvent, SocketFailedEvent {}
}
