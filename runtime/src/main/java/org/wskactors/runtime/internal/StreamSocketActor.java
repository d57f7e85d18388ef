package org.wskactors.runtime.internal;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.runtime.WskSettings;

/** INTERNAL API: the stream socket (being written). */
public final class StreamSocketActor {
  private StreamSocketActor() {}

  /**
   * A new, undecided stream socket.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param handler its event handler
   * @param client the client actor (spawns accepted sockets)
   * @param staticEvents events enabled from the start
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<StreamSocket.Event> handler,
      ActorRef<Object> client,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(ctx -> Behaviors.ignore());
  }
}
