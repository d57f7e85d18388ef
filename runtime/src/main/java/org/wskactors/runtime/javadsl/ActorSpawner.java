package org.wskactors.runtime.javadsl;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

/**
 * Spawns the small actors the facade needs: one per client (the registration's owner) and one per
 * socket (the socket's handler, which turns its events into callbacks).
 *
 * <p>The facade calls it from any thread, including Pekko dispatcher threads, so it must be thread
 * safe and must not block. The default, {@link #systemActors(ActorSystem)}, spawns system actors
 * ({@code ActorSystem.systemActorOf}), which is both. A method reference to a non-blocking spawn
 * method fits too; {@code ActorTestKit::spawn} does not (it waits for its guardian).
 */
public interface ActorSpawner {

  /**
   * Spawns an actor.
   *
   * @param behavior its behaviour
   * @param name a name unique in the ActorSystem, made of URL-safe characters
   * @param <T> the actor's message type
   * @return the new actor
   */
  <T> ActorRef<T> spawn(Behavior<T> behavior, String name);

  /**
   * A spawner of system actors (children of the system guardian, {@code /system/...}).
   *
   * @param system the ActorSystem to spawn in
   * @return the spawner
   */
  static ActorSpawner systemActors(ActorSystem<?> system) {
    return new ActorSpawner() {
      @Override
      public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
        return system.systemActorOf(behavior, name, Props.empty());
      }
    };
  }
}
