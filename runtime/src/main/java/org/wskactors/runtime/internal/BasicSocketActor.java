package org.wskactors.runtime.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.runtime.WskSettings;

/** INTERNAL API: the basic socket (being written). */
public final class BasicSocketActor {
  private BasicSocketActor() {}

  /**
   * A new basic socket.
   *
   * @param settings runtime settings
   * @param family its address family
   */
  public static Behavior<Object> create(WskSettings settings, AddressFamily family) {
    return Behaviors.setup(ctx -> Behaviors.ignore());
  }
}
