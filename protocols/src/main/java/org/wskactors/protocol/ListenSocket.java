package org.wskactors.protocol;

/**
 * The listening socket category ({@code WSK_PROVIDER_LISTEN_DISPATCH} and {@code
 * WSK_CLIENT_LISTEN_DISPATCH}).
 *
 * <p>An application holds an {@code ActorRef<ListenSocket.Command>}: the compiler accepts exactly
 * the messages of the WSK listen dispatch table, so a {@link Send} to a listener does not compile.
 * Events go to the handler named at creation, an {@code ActorRef<ListenSocket.Event>}.
 *
 * <p>Lifecycle: create with {@link CreateListenSocket}, set options (before bind), {@link Bind}
 * (which starts listening), then take connections with queued {@link Accept} requests or, after
 * enabling {@link WskEvent#ACCEPT}, through {@link AcceptEvent}s; {@link CloseSocket} at the end.
 */
public final class ListenSocket {
  private ListenSocket() {}

  /** The listen dispatch table: the requests an application sends to a listening socket. */
  public sealed interface Command
      permits ControlSocket, CloseSocket, Bind, Accept, InspectComplete, GetLocalAddress {}

  /** The listen events a listening socket sends to its handler. */
  public sealed interface Event permits AcceptEvent, InspectEvent, AbortEvent, SocketFailedEvent {}
}
