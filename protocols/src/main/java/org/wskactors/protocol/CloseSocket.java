package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskCloseSocket}: the application closes a socket of any category.
 *
 * <p>Every pending request of the socket completes with {@link WskStatus#STATUS_CANCELLED}, a
 * connection not shut down both ways is reset, and the transport is released; only then does the
 * socket reply {@link CloseCompleted} (always success) and stop, so the same port can be bound
 * again at once. Later requests to the stopped socket go to dead letters.
 *
 * @param replyTo receives the {@link CloseCompleted}
 */
public record CloseSocket(ActorRef<CloseCompleted> replyTo)
    implements BasicSocket.Command,
        ListenSocket.Command,
        ConnectionSocket.Command,
        DatagramSocket.Command,
        StreamSocket.Command {}
