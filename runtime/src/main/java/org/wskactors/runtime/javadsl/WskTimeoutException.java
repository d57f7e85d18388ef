package org.wskactors.runtime.javadsl;

import java.time.Duration;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskStatus;

/**
 * A facade request that timed out; its {@link #status()} is always {@link
 * WskStatus#STATUS_IO_TIMEOUT}.
 *
 * <p>Two cases, told apart by {@link #replyMissing()}:
 *
 * <ul>
 *   <li>the request carries its own timeout (accept, receive, receive-from, connect) and the socket
 *       answered {@code STATUS_IO_TIMEOUT}: nothing was done, no byte was taken;
 *   <li>no reply arrived within the facade's timeout (the ask expired): the outcome of the request
 *       is unknown, for a send the bytes may or may not have been sent.
 * </ul>
 */
public final class WskTimeoutException extends WskException {
  private static final long serialVersionUID = 1L;

  /** How long the request waited. */
  private final Duration timeout;

  /** True when no reply arrived. */
  private final boolean replyMissing;

  /**
   * A timeout. Created by the facade; public for callers that adapt the facade.
   *
   * @param operation the protocol request that timed out
   * @param timeout how long the request or the ask waited
   * @param reply the socket's {@code STATUS_IO_TIMEOUT} reply, or {@code null} when none arrived
   * @param message the text of the exception
   * @param cause the ask's own timeout exception, or {@code null}
   */
  public WskTimeoutException(
      String operation, Duration timeout, WskCompletion reply, String message, Throwable cause) {
    super(operation, WskStatus.STATUS_IO_TIMEOUT, reply, message, cause);
    this.timeout = timeout;
    this.replyMissing = reply == null;
  }

  /**
   * How long the request waited.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * True when no reply arrived at all, so the outcome of the request is unknown; false when the
   * socket itself answered {@code STATUS_IO_TIMEOUT}.
   *
   * @return whether no reply arrived
   */
  public boolean replyMissing() {
    return replyMissing;
  }
}
