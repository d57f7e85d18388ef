package org.wskactors.protocol;

/**
 * {@code WSK_INSPECT_ACTION}: the handler's reply to an {@link InspectEvent}, and the decision in
 * {@link InspectComplete}.
 */
public enum InspectAction {
  /** The connection proceeds to a queued {@link Accept} or an {@link AcceptEvent}. */
  ACCEPT,
  /** The connection is reset. */
  REJECT,
  /** Decide later with {@link InspectComplete}; only as a reply to {@link InspectEvent}. */
  PEND
}
