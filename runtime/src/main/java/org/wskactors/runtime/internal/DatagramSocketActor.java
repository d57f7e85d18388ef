package org.wskactors.runtime.internal;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.runtime.WskSettings;

/** INTERNAL API: the datagram socket (being written). */
public final class DatagramSocketActor {
  private DatagramSocketActor() {}

  /**
   * A new datagram socket.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param handler its event handler
   * @param staticEvents events enabled from the start (client static event callbacks)
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<DatagramSocket.Event> handler,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(ctx -> Behaviors.ignore());
  }
}
