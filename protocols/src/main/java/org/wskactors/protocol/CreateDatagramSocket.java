package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocket(WSK_FLAG_DATAGRAM_SOCKET)}: the application asks its provider for a UDP socket.
 *
 * <p>Reply: {@link SocketCreated} with an {@code ActorRef<DatagramSocket.Command>}; failures as
 * {@link CreateListenSocket}.
 *
 * @param family the address family
 * @param handler receives the socket's {@link DatagramSocket.Event}s; its stop closes the socket
 * @param replyTo receives the {@link SocketCreated}
 */
public record CreateDatagramSocket(
    AddressFamily family,
    ActorRef<DatagramSocket.Event> handler,
    ActorRef<SocketCreated<DatagramSocket.Command>> replyTo)
    implements WskProvider.Command {}
