package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskBind}: the application binds a socket to a local address.
 *
 * <p>On a listening socket this starts listening (WSK has no separate listen call for this
 * category); port 0 picks a free port, reported in the reply. On a connection socket it fixes the
 * local address used by the following {@link Connect}.
 *
 * <p>Reply: {@link BindCompleted}; failures are {@link WskStatus#STATUS_ADDRESS_ALREADY_EXISTS}
 * (port in use), {@link WskStatus#STATUS_INVALID_ADDRESS} (not a local address), {@link
 * WskStatus#STATUS_INVALID_PARAMETER} (null, unresolved, or another address family than the
 * socket's) and {@link WskStatus#STATUS_INVALID_DEVICE_STATE} (already bound).
 *
 * @param localAddress the local address; a wildcard address binds all interfaces
 * @param replyTo receives the {@link BindCompleted}
 */
public record Bind(InetSocketAddress localAddress, ActorRef<BindCompleted> replyTo)
    implements ListenSocket.Command,
        ConnectionSocket.Command,
        DatagramSocket.Command,
        StreamSocket.Command {}
