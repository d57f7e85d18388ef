package org.wskactors.runtime.javadsl;

import java.util.Optional;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskStatus;

/**
 * The failure of a facade request: the socket, client or subsystem answered with a {@link
 * WskStatus} that is not a success, or (as {@link WskTimeoutException}) did not answer in time.
 *
 * <p>Every {@code CompletionStage} of the facade ({@link WskClient}, {@link WskListener}, {@link
 * WskConnection}, {@link WskDatagram}) completes exceptionally with this type when the request
 * failed. The stage returned by a facade method holds it as is; a stage derived from it (with
 * {@code thenApply}, {@code join()} and so on) wraps it in a {@link
 * java.util.concurrent.CompletionException}, as every {@code CompletionStage} does.
 *
 * <p>{@link #reply()} is the protocol reply that carried the status, when there was one, so a
 * caller can read what was done before the failure (for example {@link
 * org.wskactors.protocol.SendCompleted#bytesSent()}).
 */
public class WskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The protocol request that failed. */
  private final String operation;

  /** The status that describes the failure. */
  private final WskStatus status;

  /** The reply that carried the status; not serialized (replies hold actor refs). */
  private final transient WskCompletion reply;

  /**
   * A failure reported by a reply. Created by the facade; public for callers that adapt the facade
   * (tests, wrappers).
   *
   * @param operation the protocol request that failed, e.g. {@code "Send"}
   * @param status the status of the reply, never a success
   * @param reply the reply that carried the status, or {@code null} when there was none
   * @param message the text of the exception
   */
  public WskException(String operation, WskStatus status, WskCompletion reply, String message) {
    this(operation, status, reply, message, null);
  }

  /**
   * A failure with a cause, for subclasses.
   *
   * @param operation the protocol request that failed
   * @param status the status that describes the failure
   * @param reply the reply that carried the status, or {@code null}
   * @param message the text of the exception
   * @param cause the underlying exception, or {@code null}
   */
  protected WskException(
      String operation, WskStatus status, WskCompletion reply, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.status = status;
    this.reply = reply;
  }

  /**
   * The protocol request that failed, named as its message type (e.g. {@code "Connect"}).
   *
   * @return the request name
   */
  public String operation() {
    return operation;
  }

  /**
   * The status that describes the failure, e.g. {@link WskStatus#STATUS_CONNECTION_REFUSED}.
   *
   * @return the status
   */
  public WskStatus status() {
    return status;
  }

  /**
   * The reply that carried {@link #status()}, or empty when no reply arrived (a timeout) or the
   * status came from the facade itself.
   *
   * @return the reply, if any
   */
  public Optional<WskCompletion> reply() {
    return Optional.ofNullable(reply);
  }
}
