package org.wskactors.runtime.javadsl;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.wskactors.protocol.ReceiveEventResponse;

/**
 * What {@link ConnectionCallbacks#onReceive} returns: how much of the indicated bytes the
 * application took, which the facade sends back as the receive event's reply (that reply is the
 * socket's flow control).
 *
 * <ul>
 *   <li>{@link #consumed()}: all bytes were taken; the receive window is freed at once.
 *   <li>{@link #consumed(long)}: only the first bytes were taken; the rest stays in the socket and
 *       receive callbacks pause until {@link WskConnection#receive(int)} is called.
 *   <li>{@link #notAccepted()}: nothing was taken; the bytes stay in the socket for {@link
 *       WskConnection#receive(int)}, and callbacks pause until then.
 *   <li>{@link #retainUntil(CompletionStage)}: all bytes were taken, but they keep counting against
 *       the receive window until the stage completes (successfully or not). With the stage of a
 *       send, a peer that does not read pushes back on the peer that writes.
 * </ul>
 */
public final class ReceiveDecision {
  private static final ReceiveDecision ALL = new ReceiveDecision(-1, null);
  private static final ReceiveDecision NONE = new ReceiveDecision(0, null);

  private final long bytes;
  private final CompletionStage<?> retainUntil;

  private ReceiveDecision(long bytes, CompletionStage<?> retainUntil) {
    this.bytes = bytes;
    this.retainUntil = retainUntil;
  }

  /**
   * All indicated bytes were taken.
   *
   * @return the decision
   */
  public static ReceiveDecision consumed() {
    return ALL;
  }

  /**
   * The first {@code bytes} were taken; the rest stays in the socket for a later receive.
   *
   * @param bytes how many bytes were taken, at least 1 (at least the indicated size means all)
   * @throws IllegalArgumentException when {@code bytes} is less than 1
   * @return the decision
   */
  public static ReceiveDecision consumed(long bytes) {
    if (bytes < 1) throw new IllegalArgumentException("bytes must be at least 1: " + bytes);
    return new ReceiveDecision(bytes, null);
  }

  /**
   * Nothing was taken: the bytes stay in the socket for {@link WskConnection#receive(int)}.
   *
   * @return the decision
   */
  public static ReceiveDecision notAccepted() {
    return NONE;
  }

  /**
   * All bytes were taken and stay counted against the receive window until {@code done} completes;
   * then the facade releases them ({@code Release}).
   *
   * @param done completes when the bytes have been dealt with, e.g. the stage of a send
   * @return the decision
   */
  public static ReceiveDecision retainUntil(CompletionStage<?> done) {
    return new ReceiveDecision(-1, Objects.requireNonNull(done));
  }

  /** The stage the bytes are retained until, or null when they are not retained. */
  CompletionStage<?> retainedUntil() {
    return retainUntil;
  }

  /** The receive event's reply. */
  ReceiveEventResponse toResponse() {
    if (retainUntil != null) return ReceiveEventResponse.retained();
    if (bytes == 0) return ReceiveEventResponse.notAccepted();
    return bytes < 0 ? ReceiveEventResponse.consumed() : ReceiveEventResponse.consumed(bytes);
  }

  @Override
  public String toString() {
    if (retainUntil != null) return "ReceiveDecision[retained]";
    if (bytes == 0) return "ReceiveDecision[notAccepted]";
    return bytes < 0 ? "ReceiveDecision[consumed]" : "ReceiveDecision[consumed " + bytes + "]";
  }
}
