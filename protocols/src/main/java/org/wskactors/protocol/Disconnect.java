package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskDisconnect}: the application shuts down a connection socket.
 *
 * <p>Graceful (flags 0): the optional final data and every queued send go out, then FIN; receiving
 * goes on until the peer's FIN (half-close). The reply comes when the FIN was handed to the
 * transport. Abortive ({@link WskFlags#WSK_FLAG_ABORTIVE}, data must be null or empty): the
 * connection is reset, queued sends complete {@link WskStatus#STATUS_CANCELLED}, both directions
 * die.
 *
 * <p>Reply: {@link DisconnectCompleted}; {@link WskStatus#STATUS_INVALID_DEVICE_STATE} when not
 * connected or already disconnected; {@link WskStatus#STATUS_INVALID_PARAMETER} for abortive with
 * data; {@link WskStatus#STATUS_NOT_SUPPORTED} for other flags.
 *
 * @param finalData data to send before the FIN, or null
 * @param flags {@link WskFlags#NONE} or {@link WskFlags#WSK_FLAG_ABORTIVE}
 * @param replyTo receives the {@link DisconnectCompleted}
 */
public record Disconnect(ByteString finalData, int flags, ActorRef<DisconnectCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {}
