package org.wskactors.runtime.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.runtime.WskSettings;

/** INTERNAL API: short-lived actors answering name resolution requests (being written). */
public final class NameResolution {
  private NameResolution() {}

  /**
   * Answers one {@link GetAddressInfo}, then stops.
   *
   * @param settings runtime settings
   * @param request the request
   */
  public static Behavior<Object> addressInfo(WskSettings settings, GetAddressInfo request) {
    return Behaviors.stopped();
  }

  /**
   * Answers one {@link GetNameInfo}, then stops.
   *
   * @param settings runtime settings
   * @param request the request
   */
  public static Behavior<Object> nameInfo(WskSettings settings, GetNameInfo request) {
    return Behaviors.stopped();
  }
}
