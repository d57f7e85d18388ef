package org.wskactors.protocol;

import java.util.EnumSet;
import java.util.Set;

/**
 * The value of {@link SocketOption#SO_WSK_EVENT_CALLBACK} ({@code WSK_EVENT_CALLBACK_CONTROL}):
 * enables several events at once, or disables exactly one.
 *
 * @param events the events to enable or disable; never empty
 * @param disable true to disable (WSK's {@code WSK_EVENT_DISABLE} bit); then {@code events} must
 *     hold exactly one event, otherwise the request completes {@link
 *     WskStatus#STATUS_INVALID_PARAMETER}
 */
public record EventCallbackControl(Set<WskEvent> events, boolean disable) {

  /**
   * Copies the set so later changes by the caller cannot reach the socket.
   *
   * @param events the events to enable or disable; null is read as empty (which the socket refuses)
   * @param disable true to disable the one event in {@code events}
   */
  public EventCallbackControl {
    events = events == null || events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
  }

  /**
   * Enables the given events.
   *
   * @param first an event to enable
   * @param more further events to enable
   * @return the value for a {@link SetOption} of {@link SocketOption#SO_WSK_EVENT_CALLBACK}
   */
  public static EventCallbackControl enable(WskEvent first, WskEvent... more) {
    return new EventCallbackControl(EnumSet.of(first, more), false);
  }

  /**
   * Disables one event.
   *
   * @param event the event to disable
   * @return the value for a {@link SetOption} of {@link SocketOption#SO_WSK_EVENT_CALLBACK}
   */
  public static EventCallbackControl disable(WskEvent event) {
    return new EventCallbackControl(EnumSet.of(event), true);
  }
}
