package org.wskactors.protocol;

import java.util.List;
import java.util.Objects;

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
   * {@code STATUS_PENDING} with the answer attached: the handler keeps the whole indication, and
   * the connection socket that indicated it handles {@code send} as if it had arrived right after
   * this reply, then releases the indication itself when that send completes, successfully or not,
   * as if a {@link Release} had followed its {@link SendCompleted}. One message instead of a {@link
   * Send}, a {@code retained()} reply and a {@link Release}, with the same flow control: the
   * indicated bytes count against the receive window until the answer has left, so a peer that does
   * not read its answers stalls its own writes. The send's {@code replyTo} still gets the {@link
   * SendCompleted} (give the system's {@code ignoreRef} when it does not matter).
   *
   * <p>Not a WSK status: it is what a WSK client does with a retained indication when it sends an
   * answer and calls {@code WskRelease} from the send's completion, done by the socket. A datagram
   * socket does not take it: the send completes with {@link WskStatus#STATUS_NOT_SUPPORTED} and the
   * indication counts as consumed.
   *
   * @param send the answer, on the socket of the event; a send without a {@code replyTo} is dropped
   *     with a warning and the indication released at once; a reply when no event is outstanding (a
   *     second reply, say) completes the send with {@link WskStatus#STATUS_INVALID_PARAMETER} and
   *     sends nothing
   */
  record RetainedUntilSent(Send send) implements ReceiveEventResponse {
    /**
     * @param send the answer; not null
     */
    public RetainedUntilSent {
      Objects.requireNonNull(send, "send");
    }
  }

  /**
   * {@code STATUS_PENDING} with the answers attached, the datagram form of {@link
   * RetainedUntilSent}: the handler keeps the whole indication of a {@link ReceiveFromEvent}, and
   * the datagram socket that indicated it handles each {@link SendTo} in order as if it had arrived
   * right after this reply, then releases the indication itself when the last of them has completed
   * (successfully or not; refused ones count as completed), as if a {@link Release} had followed.
   * The indicated datagrams count against the socket's receive window until the answers have left.
   * Each send's {@code replyTo} still gets its {@link SendToCompleted}. An empty list releases the
   * indication at once. A connection socket does not take it: every send completes with {@link
   * WskStatus#STATUS_NOT_SUPPORTED} and the indication counts as consumed.
   *
   * @param sends the answers, on the socket of the event; a send without a {@code replyTo} is
   *     dropped with a warning
   */
  record RetainedUntilSentTo(List<SendTo> sends) implements ReceiveEventResponse {
    /**
     * @param sends the answers; not null, no null element (copied)
     */
    public RetainedUntilSentTo {
      sends = List.copyOf(sends);
    }
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
   * The indication is kept until {@code send} completes; the socket sends it and releases the
   * indication then (see {@link RetainedUntilSent}).
   *
   * @param send the answer to send on the event's socket
   * @return the reply to send to {@link ReceiveEvent#replyTo()}
   */
  static ReceiveEventResponse retainedUntilSent(Send send) {
    return new RetainedUntilSent(send);
  }

  /**
   * The datagram indication is kept until every send of {@code sends} has completed; the socket
   * sends them and releases the indication then (see {@link RetainedUntilSentTo}).
   *
   * @param sends the answers to send on the event's datagram socket, in order
   * @return the reply to send to {@link ReceiveFromEvent#replyTo()}
   */
  static ReceiveEventResponse retainedUntilSentTo(List<SendTo> sends) {
    return new RetainedUntilSentTo(sends);
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
