package org.wskactors.protocol;

/**
 * A reply that completes a request, the counterpart of a completed IRP: every reply type of the
 * socket and provider protocols implements it, so generic code can read the status.
 */
public interface WskCompletion {
  /**
   * {@return the completion status; {@link WskStatus#STATUS_SUCCESS} when the request succeeded}
   */
  WskStatus status();
}
