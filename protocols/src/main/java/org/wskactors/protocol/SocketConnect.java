package org.wskactors.protocol;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskSocketConnect}: the application asks its provider to create a connection socket, bind
 * it and connect it, in one request. The family comes from {@code localAddress}.
 *
 * <p>Reply: {@link SocketConnectCompleted} with the connected socket, or the failure of {@link
 * Bind} or {@link Connect} (the socket is then closed and not returned).
 *
 * @param localAddress the local address (a wildcard with port 0 for any)
 * @param remoteAddress the resolved remote address
 * @param handler receives the socket's events; its stop closes the socket
 * @param timeout how long to wait for the connection, or null for no limit of its own
 * @param replyTo receives the {@link SocketConnectCompleted}
 */
public record SocketConnect(
    InetSocketAddress localAddress,
    InetSocketAddress remoteAddress,
    ActorRef<ConnectionSocket.Event> handler,
    Duration timeout,
    ActorRef<SocketConnectCompleted> replyTo)
    implements WskProvider.Command {}
