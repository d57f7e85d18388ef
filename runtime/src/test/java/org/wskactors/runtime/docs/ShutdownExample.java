package org.wskactors.runtime.docs;

import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.WskProvider;

/** The guide's shutdown example, run by {@code ShutdownExampleTest}. */
public final class ShutdownExample {
  private ShutdownExample() {}

  // #shutdown
  /**
   * Deregisters a client in the service-unbind phase of coordinated shutdown: the runtime closes
   * its sockets (pending requests complete STATUS_CANCELLED) before the actor system stops.
   *
   * @param system the actor system
   * @param provider the client's provider, from {@code Registered}
   */
  public static void deregisterOnShutdown(
      ActorSystem<?> system, ActorRef<WskProvider.Command> provider) {
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceUnbind(),
            "wsk-deregister",
            () ->
                AskPattern.<WskProvider.Command, Deregistered>ask(
                        provider, Deregister::new, Duration.ofSeconds(10), system.scheduler())
                    .thenApply(deregistered -> Done.getInstance()));
  }
  // #shutdown
}
