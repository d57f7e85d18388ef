package org.wskactors.runtime.internal;

import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * INTERNAL API: closes the accepted channels whose message found no actor. An accepted channel of
 * the runtime's own travels as a message from the read selector to the listener ({@link
 * ReadSelector.Accepted}) and on to the client actor ({@link ClientActor.SpawnAccepted}); if its
 * receiver has stopped meanwhile (a listener that failed, a client stopped from outside), the
 * message becomes a dead letter, and this actor, a child of the subsystem subscribed to dead
 * letters, resets the connection so that its descriptor is not left open. (Pekko IO's connection
 * actor closes itself when nobody registers; a channel has no actor to do that.)
 */
final class OrphanedChannels {
  private OrphanedChannels() {}

  /**
   * The behaviour: subscribes to the event stream's dead letters and resets the channels in them.
   *
   * @return the behaviour
   */
  static Behavior<DeadLetter> create() {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem()
              .eventStream()
              .tell(new EventStream.Subscribe<>(DeadLetter.class, ctx.getSelf()));
          return Behaviors.receive(DeadLetter.class)
              .onMessage(
                  DeadLetter.class,
                  d -> {
                    resetIfChannel(d.message());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static void resetIfChannel(Object message) {
    if (message instanceof ReadSelector.Accepted a) {
      new ConnectionSocketActor.LoopIncoming(a.channel()).abort();
    } else if (message instanceof ClientActor.SpawnAccepted s
        && s.incoming() instanceof ConnectionSocketActor.LoopIncoming) {
      s.incoming().abort();
    }
  }
}
