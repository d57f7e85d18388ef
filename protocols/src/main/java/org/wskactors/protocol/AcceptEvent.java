package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskAcceptEvent}: a listening socket tells its handler about an incoming connection, once
 * {@link WskEvent#ACCEPT} is enabled and no {@link Accept} request is queued.
 *
 * <p>The handler replies to {@code replyTo} with {@link AcceptEventResponse#accept} (naming the new
 * socket's handler and the events to enable on it) or {@link AcceptEventResponse#reject} (the
 * connection is reset). Without a reply within {@code wsk-actors.listen.accept-decision-timeout}
 * the connection is rejected. Until the reply, the socket holds incoming bytes and answers every
 * request, but it sends no events.
 *
 * @param listener the listening socket that accepted the connection
 * @param localAddress the connection's local address
 * @param remoteAddress the peer's address
 * @param acceptSocket the new connection socket
 * @param replyTo receives the decision
 */
public record AcceptEvent(
    ActorRef<ListenSocket.Command> listener,
    InetSocketAddress localAddress,
    InetSocketAddress remoteAddress,
    ActorRef<ConnectionSocket.Command> acceptSocket,
    ActorRef<AcceptEventResponse> replyTo)
    implements ListenSocket.Event, StreamSocket.Event {}
