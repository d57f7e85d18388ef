package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskInspectEvent}: a listening or stream socket with {@link
 * SocketOption#SO_CONDITIONAL_ACCEPT} on tells its handler about an incoming connection before it
 * can be accepted.
 *
 * <p>The handler replies to {@code replyTo} with {@link InspectAction#ACCEPT}, {@link
 * InspectAction#REJECT} (the connection is reset) or {@link InspectAction#PEND} (decide later with
 * {@link InspectComplete}). Without a reply within {@code accept-decision-timeout} the connection
 * is rejected. If a pended or accepted connection goes away before it is handed over, an {@link
 * AbortEvent} follows.
 *
 * @param listener the listening socket
 * @param localAddress the connection's local address
 * @param remoteAddress the peer's address
 * @param inspectId the connection's id
 * @param replyTo receives the decision
 */
public record InspectEvent(
    ActorRef<ListenSocket.Command> listener,
    InetSocketAddress localAddress,
    InetSocketAddress remoteAddress,
    InspectId inspectId,
    ActorRef<InspectAction> replyTo)
    implements ListenSocket.Event, StreamSocket.Event {}
