package org.wskactors.protocol;

/**
 * The reply of a connection socket's handler to a {@link ReceiveEvent}: the return status of {@code
 * WskReceiveEvent}. Reply exactly once per event.
 */
public sealed interface ReceiveEventResponse {

  /**
   * {@code STATUS_SUCCESS}: the handler took {@code bytes} of the indication (all of them when
   * {@code bytes} is negative or at least the indicated size). After a partial take the rest stays
   * in the socket and events pause until a {@link Receive} is posted.
   *
   * @param bytes the number of bytes taken, or -1 for all
   */
  record Consumed(long bytes) implements ReceiveEventResponse {}

  /**
   * {@code STATUS_PENDING}: the handler keeps the whole indication and gives it back later with
   * {@link Release}; events continue meanwhile, and the bytes count against the window until then.
   */
  enum Retained implements ReceiveEventResponse {
    /** The only instance. */
    INSTANCE
  }

  /**
   * {@code STATUS_DATA_NOT_ACCEPTED}: the socket keeps the bytes, and events pause until a {@link
   * Receive} is posted.
   */
  enum NotAccepted implements ReceiveEventResponse {
    /** The only instance. */
    INSTANCE
  }

  /**
   * All indicated bytes were taken; they leave the receive window.
   *
   * @return the reply to send to {@link ReceiveEvent#replyTo()} or {@link
   *     ReceiveFromEvent#replyTo()}
   */
  static ReceiveEventResponse consumed() {
    return new Consumed(-1);
  }

  /**
   * Only the first {@code bytes} were taken.
   *
   * @param bytes the number of bytes taken
   * @return the reply to send to {@link ReceiveEvent#replyTo()}
   */
  static ReceiveEventResponse consumed(long bytes) {
    return new Consumed(bytes);
  }

  /**
   * The indication is kept until {@link Release}.
   *
   * @return the reply to send to {@link ReceiveEvent#replyTo()} or {@link
   *     ReceiveFromEvent#replyTo()}
   */
  static ReceiveEventResponse retained() {
    return Retained.INSTANCE;
  }

  /**
   * The indication is not accepted; the socket keeps it and pauses events.
   *
   * @return the reply to send to {@link ReceiveEvent#replyTo()} or {@link
   *     ReceiveFromEvent#replyTo()}
   */
  static ReceiveEventResponse notAccepted() {
    return NotAccepted.INSTANCE;
  }
}
