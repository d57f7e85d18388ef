package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocket(WSK_FLAG_LISTEN_SOCKET)}: the application asks its provider for a new listening
 * TCP socket. All events are disabled.
 *
 * <p>Reply: {@link SocketCreated} with an {@code ActorRef<ListenSocket.Command>}; {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for a null family or handler; {@link
 * WskStatus#STATUS_DEVICE_NOT_READY} while the client deregisters.
 *
 * @param family the address family
 * @param handler receives the socket's {@link ListenSocket.Event}s; its stop closes the socket
 * @param replyTo receives the {@link SocketCreated}
 */
public record CreateListenSocket(
    AddressFamily family,
    ActorRef<ListenSocket.Event> handler,
    ActorRef<SocketCreated<ListenSocket.Command>> replyTo)
    implements WskProvider.Command {}
