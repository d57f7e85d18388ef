package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocket(WSK_FLAG_STREAM_SOCKET)}: the application asks its provider for a TCP stream
 * socket whose role ({@link Listen} or {@link Connect}) is chosen later.
 *
 * <p>Reply: {@link SocketCreated} with an {@code ActorRef<StreamSocket.Command>}; failures as
 * {@link CreateListenSocket}.
 *
 * @param family the address family
 * @param handler receives the socket's {@link StreamSocket.Event}s; its stop closes the socket
 * @param replyTo receives the {@link SocketCreated}
 */
public record CreateStreamSocket(
    AddressFamily family,
    ActorRef<StreamSocket.Event> handler,
    ActorRef<SocketCreated<StreamSocket.Command>> replyTo)
    implements WskProvider.Command {}
