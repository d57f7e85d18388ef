package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocket(WSK_FLAG_BASIC_SOCKET)}: the application asks its provider for a basic socket
 * (options and IOCTLs only, no events).
 *
 * <p>Reply: {@link SocketCreated} with an {@code ActorRef<BasicSocket.Command>}; {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for a null family; {@link WskStatus#STATUS_DEVICE_NOT_READY}
 * while the client deregisters.
 *
 * @param family the address family
 * @param replyTo receives the {@link SocketCreated}
 */
public record CreateBasicSocket(
    AddressFamily family, ActorRef<SocketCreated<BasicSocket.Command>> replyTo)
    implements WskProvider.Command {}
