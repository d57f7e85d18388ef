package org.wskactors.runtime.internal;

import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.wskactors.protocol.GetStatistics;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the subsystem actor, one per ActorSystem. Each {@link Register} spawns a client
 * actor as its child; clients stop when deregistered.
 */
public final class SubsystemActor extends AbstractBehavior<Object> {

  /** For tests and diagnostics: how many clients are registered. */
  public record GetClientCount(ActorRef<Integer> replyTo) {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * The subsystem behaviour.
   *
   * @param settings runtime settings
   */
  public static Behavior<Object> create(WskSettings settings) {
    return Behaviors.setup(ctx -> new SubsystemActor(ctx, settings));
  }

  private final WskSettings settings;
  private final WskMetrics metrics;
  private long nextId = 1;

  private SubsystemActor(ActorContext<Object> ctx, WskSettings settings) {
    super(ctx);
    this.settings = settings;
    this.metrics = WskMetrics.get(ctx.getSystem());
    ctx.spawn(OrphanedChannels.create(), "orphaned-channels", settings.actorProps());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(Register.class, this::onRegister)
        .onMessage(
            GetClientCount.class,
            m -> {
              m.replyTo().tell((int) metrics.clients.sum());
              return this;
            })
        .onMessage(
            GetStatistics.class,
            m -> {
              m.replyTo().tell(metrics.snapshot());
              return this;
            })
        .onSignal(
            Terminated.class,
            t -> {
              metrics.clients.decrement();
              return this;
            })
        .build();
  }

  private Behavior<Object> onRegister(Register m) {
    if (m.clientName() == null || !NAME.matcher(m.clientName()).matches()) {
      m.replyTo().tell(new Registered(WskStatus.STATUS_INVALID_PARAMETER, null));
      return this;
    }
    ActorRef<Object> client =
        getContext()
            .spawn(
                ClientActor.create(settings, m.clientName(), m.owner()),
                "client-" + m.clientName() + "-" + nextId++,
                settings.actorProps());
    getContext().watch(client);
    metrics.clients.increment();
    m.replyTo().tell(new Registered(WskStatus.STATUS_SUCCESS, client.narrow()));
    return this;
  }
}
