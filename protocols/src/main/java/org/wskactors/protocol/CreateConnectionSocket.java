package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocket(WSK_FLAG_CONNECTION_SOCKET)}: the application asks its provider for a new
 * connection-oriented TCP socket. All events are disabled.
 *
 * <p>Reply: {@link SocketCreated} with an {@code ActorRef<ConnectionSocket.Command>}; failures as
 * {@link CreateListenSocket}.
 *
 * @param family the address family
 * @param handler receives the socket's {@link ConnectionSocket.Event}s; its stop closes the socket
 * @param replyTo receives the {@link SocketCreated}
 */
public record CreateConnectionSocket(
    AddressFamily family,
    ActorRef<ConnectionSocket.Event> handler,
    ActorRef<SocketCreated<ConnectionSocket.Command>> replyTo)
    implements WskProvider.Command {}
