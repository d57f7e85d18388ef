package org.wskactors.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.wskactors.protocol.WskStatistics;
import org.wskactors.protocol.WskSubsystem;
import org.wskactors.runtime.internal.JmxStatistics;
import org.wskactors.runtime.internal.ReadSelectors;
import org.wskactors.runtime.internal.SubsystemActor;
import org.wskactors.runtime.internal.WskMetrics;

/**
 * The wsk-actors extension: one subsystem actor per ActorSystem, the entry point for applications.
 *
 * <pre>{@code
 * ActorRef<WskSubsystem.Command> wsk = Wsk.get(system).subsystem();
 * wsk.tell(new Register("my-app", ctx.getSelf(), registeredAdapter));
 * }</pre>
 *
 * The subsystem replies to {@link org.wskactors.protocol.Register} with the client's provider, from
 * which sockets are created. Load it eagerly with {@code pekko.actor.typed.extensions +=
 * "org.wskactors.runtime.Wsk$Id"}, or lazily by calling {@link #get}.
 */
public final class Wsk implements Extension {

  /** The extension id; use {@link Wsk#get(ActorSystem)}. */
  public static final class Id extends ExtensionId<Wsk> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    /** Called once per ActorSystem. */
    @Override
    public Wsk createExtension(ActorSystem<?> system) {
      return new Wsk(system);
    }
  }

  /**
   * The extension of an ActorSystem, created on first use.
   *
   * @param system the ActorSystem
   * @return the system's extension, with its subsystem actor running
   */
  public static Wsk get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private final WskSettings settings;
  private final ActorRef<WskSubsystem.Command> subsystem;

  private final WskMetrics metrics;

  private Wsk(ActorSystem<?> system) {
    this.settings = WskSettings.create(system);
    this.metrics = WskMetrics.get(system);
    // Started with the runtime, not by the first connection that needs them: their threads and
    // file descriptors are the runtime's from the start, and no connection waits for them.
    if (settings.selectorReads()) ReadSelectors.get(system);
    ActorRef<Object> ref =
        system.systemActorOf(
            SubsystemActor.create(settings), "wsk-subsystem", settings.actorProps());
    this.subsystem = ref.narrow();
    if (settings.jmxEnabled()) JmxStatistics.register(system);
  }

  /**
   * The runtime's counters now, read without a message round trip (the same snapshot the subsystem
   * answers {@link org.wskactors.protocol.GetStatistics} with): open sockets per category, bytes
   * and datagrams in and out, receive-window stalls, send-queue rejections and more.
   *
   * @return a snapshot of the counters of this ActorSystem
   */
  public WskStatistics statistics() {
    return metrics.snapshot();
  }

  /**
   * The subsystem actor. An application sends it {@link org.wskactors.protocol.Register} and gets
   * {@link org.wskactors.protocol.Registered} back, carrying the provider its sockets are created
   * from.
   *
   * @return the subsystem actor of this ActorSystem
   */
  public ActorRef<WskSubsystem.Command> subsystem() {
    return subsystem;
  }

  /** {@return the settings read from {@code wsk-actors} in the configuration} */
  public WskSettings settings() {
    return settings;
  }
}
