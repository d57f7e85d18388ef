package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskRelease}: the application gives back an indication it kept with {@link
 * ReceiveEventResponse#retained()}, freeing its bytes in the receive window.
 *
 * <p>Reply (when {@code replyTo} is not null): {@link ReleaseCompleted} with success, or {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for an id that is not retained.
 *
 * @param indicationId the {@link ReceiveEvent#indicationId()}
 * @param replyTo receives the {@link ReleaseCompleted}, or null for no reply
 */
public record Release(long indicationId, ActorRef<ReleaseCompleted> replyTo)
    implements ConnectionSocket.Command, DatagramSocket.Command, StreamSocket.Command {

  /**
   * A release without reply.
   *
   * @param indicationId the {@link ReceiveEvent#indicationId()}
   */
  public Release(long indicationId) {
    this(indicationId, null);
  }
}
