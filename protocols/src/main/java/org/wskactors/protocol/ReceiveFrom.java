package org.wskactors.protocol;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskReceiveFrom}: the application posts a receive for one datagram on a bound datagram
 * socket. Posted receives are served in order and before {@link ReceiveFromEvent}s.
 *
 * <p>Reply: {@link ReceiveFromCompleted} with the datagram (cut to {@code maxBytes}, with {@link
 * WskFlags#MSG_TRUNC} set when cut), its sender and flags; {@link WskStatus#STATUS_IO_TIMEOUT}
 * after {@code timeout}; {@link WskStatus#STATUS_INVALID_PARAMETER} for a negative size; {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE} when not bound; {@link WskStatus#STATUS_NOT_SUPPORTED} for
 * flags other than 0.
 *
 * @param maxBytes the most bytes of the datagram to return
 * @param flags must be {@link WskFlags#NONE}
 * @param timeout how long to wait, or null for no limit
 * @param replyTo receives the {@link ReceiveFromCompleted}
 */
public record ReceiveFrom(
    int maxBytes, int flags, Duration timeout, ActorRef<ReceiveFromCompleted> replyTo)
    implements DatagramSocket.Command {}
