package org.wskactors.protocol;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskReceive}: the application posts a receive on a connected connection socket.
 *
 * <p>Posted receives are served in order and before {@link ReceiveEvent}s. Without flags the reply
 * comes as soon as at least one byte is available (up to {@code maxBytes}); with {@link
 * WskFlags#WSK_FLAG_WAITALL} only when {@code maxBytes} are available, or on graceful close, abort
 * or close; with {@link WskFlags#WSK_FLAG_DRAIN} (and {@code maxBytes} 0) received data is
 * discarded until the peer disconnects. A zero-length receive without flags completes when data is
 * available, without taking it, and re-arms paused receive events.
 *
 * <p>Reply: {@link ReceiveCompleted}; success with 0 bytes means the peer closed gracefully. {@link
 * WskStatus#STATUS_IO_TIMEOUT} when {@code timeout} passes first, {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for a negative size, both WAITALL and DRAIN, or DRAIN with a
 * non-zero size, {@link WskStatus#STATUS_NOT_SUPPORTED} for other flags, {@link
 * WskStatus#STATUS_CONNECTION_RESET} after a reset.
 *
 * @param maxBytes the most bytes to return (0 or more)
 * @param flags {@link WskFlags#NONE}, {@link WskFlags#WSK_FLAG_WAITALL} or {@link
 *     WskFlags#WSK_FLAG_DRAIN}
 * @param timeout how long to wait, or null for no limit (WSK has none)
 * @param replyTo receives the {@link ReceiveCompleted}
 */
public record Receive(int maxBytes, int flags, Duration timeout, ActorRef<ReceiveCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {

  /**
   * A receive without flags or timeout.
   *
   * @param maxBytes the most bytes to return
   * @param replyTo receives the {@link ReceiveCompleted}
   */
  public Receive(int maxBytes, ActorRef<ReceiveCompleted> replyTo) {
    this(maxBytes, WskFlags.NONE, null, replyTo);
  }
}
