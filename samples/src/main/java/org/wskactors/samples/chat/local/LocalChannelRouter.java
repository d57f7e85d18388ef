package org.wskactors.samples.chat.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.wskactors.samples.chat.ChannelActor;
import org.wskactors.samples.chat.backend.ChannelCommand;

/**
 * The channel router of a single-node chat: the parent of one {@link ChannelActor} per folded
 * channel name, created on the first command for that name and forgotten when it stops.
 *
 * <p>Sessions send it {@link Route} (through {@link LocalChatBackend#channel}); it forwards the
 * command to the channel, so the commands of one session reach a channel in the order they were
 * sent.
 *
 * <p>An empty channel is stopped without losing commands, as Cluster Sharding passivates: the
 * channel's {@code whenEmpty} tells the router {@code Idle} and keeps running; the router then
 * holds new commands for that name and sends the channel a {@link ChannelCommand.Members} query.
 * When the answer comes every command routed earlier has been processed: if the channel is still
 * empty and nothing was held, the router stops it (commands arriving meanwhile wait for a fresh
 * channel), otherwise it passes on what it held and the channel goes on.
 *
 * <p>It also answers {@link ListChannels} (through a {@link ChannelListCollector}) and {@link
 * CountChannels} (completed by the {@link LocalNickRegistry}), and {@link GetChannelCount} for
 * tests and statistics.
 */
public final class LocalChannelRouter extends AbstractBehavior<LocalChannelRouter.Command> {

  /** The router's messages. */
  public sealed interface Command {}

  /**
   * Session (via the backend) to router: deliver a command to a channel, creating it if needed.
   *
   * @param folded the folded channel name
   * @param command the command
   */
  public record Route(String folded, ChannelCommand command) implements Command {}

  /**
   * Session (via the backend) to router: list the channels for LIST.
   *
   * @param replyTo receives the {@link ChannelCommand.ChannelList}
   */
  public record ListChannels(ActorRef<ChannelCommand.ChannelList> replyTo) implements Command {}

  /**
   * Session (via the backend) to router: count for LUSERS; the registry answers.
   *
   * @param replyTo receives the {@link ChannelCommand.NetworkCounts}
   */
  public record CountChannels(ActorRef<ChannelCommand.NetworkCounts> replyTo) implements Command {}

  /**
   * Anyone to router: how many channel actors live now.
   *
   * @param replyTo receives the count
   */
  public record GetChannelCount(ActorRef<Integer> replyTo) implements Command {}

  /** Channel (its {@code whenEmpty}) to router: the channel became empty. */
  private record Idle(String folded, ActorRef<ChannelCommand> channel) implements Command {}

  /** Channel (via ask) to router: the answer to the drain query, or null when it failed. */
  private record Drained(
      String folded, ActorRef<ChannelCommand> channel, ChannelCommand.MembersAre reply)
      implements Command {}

  /** Pekko (death watch) to router: a channel stopped. */
  private record ChannelStopped(String folded, ActorRef<ChannelCommand> channel)
      implements Command {}

  /**
   * A router.
   *
   * @param serverName the server's name, for the channels
   * @param registry the nick registry that completes {@link CountChannels}
   * @param replyTimeout how long to wait for a channel's answer when draining or listing
   * @return the behaviour
   */
  public static Behavior<Command> create(
      String serverName, ActorRef<Object> registry, Duration replyTimeout) {
    return Behaviors.setup(ctx -> new LocalChannelRouter(ctx, serverName, registry, replyTimeout));
  }

  /** One channel actor and the commands held for it while it drains or stops. */
  private static final class Entry {
    final ActorRef<ChannelCommand> ref;
    final ArrayDeque<ChannelCommand> held = new ArrayDeque<>();
    boolean draining;
    boolean stopping;

    Entry(ActorRef<ChannelCommand> ref) {
      this.ref = ref;
    }

    boolean holding() {
      return draining || stopping;
    }
  }

  private final String serverName;
  private final ActorRef<Object> registry;
  private final Duration replyTimeout;
  private final Map<String, Entry> channels = new HashMap<>();
  private long spawned;

  private LocalChannelRouter(
      ActorContext<Command> ctx,
      String serverName,
      ActorRef<Object> registry,
      Duration replyTimeout) {
    super(ctx);
    this.serverName = serverName;
    this.registry = registry;
    this.replyTimeout = replyTimeout;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Route.class, this::onRoute)
        .onMessage(Idle.class, this::onIdle)
        .onMessage(Drained.class, this::onDrained)
        .onMessage(ChannelStopped.class, this::onChannelStopped)
        .onMessage(ListChannels.class, this::onList)
        .onMessage(CountChannels.class, this::onCount)
        .onMessage(GetChannelCount.class, this::onGetCount)
        .build();
  }

  private Behavior<Command> onRoute(Route m) {
    Entry e = channels.get(m.folded());
    if (e == null) e = spawn(m.folded());
    if (e.holding()) e.held.add(m.command());
    else e.ref.tell(m.command());
    return this;
  }

  private Entry spawn(String folded) {
    ActorRef<Command> router = getContext().getSelf();
    ActorRef<ChannelCommand> ref =
        getContext()
            .spawn(
                ChannelActor.create(
                    folded,
                    serverName,
                    channelCtx -> {
                      router.tell(new Idle(folded, channelCtx.getSelf()));
                      return Behaviors.same();
                    }),
                "channel-" + (++spawned) + "-" + URLEncoder.encode(folded, StandardCharsets.UTF_8));
    getContext().watchWith(ref, new ChannelStopped(folded, ref));
    Entry e = new Entry(ref);
    channels.put(folded, e);
    return e;
  }

  private Behavior<Command> onIdle(Idle m) {
    Entry e = channels.get(m.folded());
    if (e == null || !e.ref.equals(m.channel()) || e.holding()) return this;
    e.draining = true;
    String folded = m.folded();
    ActorRef<ChannelCommand> ref = e.ref;
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            ref,
            replyTimeout,
            replyTo -> new ChannelCommand.Members(folded, replyTo),
            (reply, failure) ->
                new Drained(
                    folded, ref, reply instanceof ChannelCommand.MembersAre ma ? ma : null));
    return this;
  }

  private Behavior<Command> onDrained(Drained m) {
    Entry e = channels.get(m.folded());
    if (e == null || !e.ref.equals(m.channel()) || !e.draining) return this;
    e.draining = false;
    if (m.reply() != null && m.reply().members().isEmpty() && e.held.isEmpty()) {
      e.stopping = true;
      getContext().stop(e.ref);
      return this;
    }
    while (!e.held.isEmpty()) e.ref.tell(e.held.poll());
    return this;
  }

  private Behavior<Command> onChannelStopped(ChannelStopped m) {
    Entry e = channels.get(m.folded());
    if (e == null || !e.ref.equals(m.channel())) return this;
    channels.remove(m.folded());
    if (!e.held.isEmpty()) {
      Entry fresh = spawn(m.folded());
      while (!e.held.isEmpty()) fresh.ref.tell(e.held.poll());
    }
    return this;
  }

  private Behavior<Command> onList(ListChannels m) {
    Map<String, ActorRef<ChannelCommand>> live = new HashMap<>();
    channels.forEach(
        (folded, e) -> {
          if (!e.holding()) live.put(folded, e.ref);
        });
    getContext().spawnAnonymous(ChannelListCollector.create(live, replyTimeout, m.replyTo()));
    return this;
  }

  private Behavior<Command> onCount(CountChannels m) {
    registry.tell(new LocalNickRegistry.CountUsers(liveChannels(), m.replyTo()));
    return this;
  }

  private Behavior<Command> onGetCount(GetChannelCount m) {
    m.replyTo().tell(channels.size());
    return this;
  }

  private int liveChannels() {
    int n = 0;
    for (Entry e : channels.values()) {
      if (!e.holding()) n++;
    }
    return n;
  }
}
