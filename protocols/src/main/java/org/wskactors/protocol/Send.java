package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskSend}: the application sends bytes on a connected connection socket.
 *
 * <p>Any number of sends may be outstanding; they go out and complete in order. While one transport
 * write is in flight, queued sends are coalesced into the next write. The reply comes when the
 * transport has taken every byte.
 *
 * <p>Reply: {@link SendCompleted} with the byte count; {@link
 * WskStatus#STATUS_INSUFFICIENT_RESOURCES} when queued bytes would pass {@code
 * wsk-actors.connection.send-queue-limit} (nothing of this send is queued, earlier sends are not
 * affected); {@link WskStatus#STATUS_NOT_SUPPORTED} for flags other than {@link
 * WskFlags#WSK_FLAG_NODELAY}; {@link WskStatus#STATUS_INVALID_DEVICE_STATE} when not connected or
 * after a disconnect; {@link WskStatus#STATUS_CANCELLED} when the socket is closed or aborted
 * first; {@link WskStatus#STATUS_CONNECTION_RESET} when the peer resets.
 *
 * @param data the bytes (not copied)
 * @param flags {@link WskFlags#NONE} or {@link WskFlags#WSK_FLAG_NODELAY}
 * @param replyTo receives the {@link SendCompleted}
 */
public record Send(ByteString data, int flags, ActorRef<SendCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {

  /**
   * A send without flags.
   *
   * @param data the bytes
   * @param replyTo receives the {@link SendCompleted}
   */
  public Send(ByteString data, ActorRef<SendCompleted> replyTo) {
    this(data, WskFlags.NONE, replyTo);
  }
}
