package org.wskactors.samples.chat.cluster;

import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.ChannelRef;
import org.wskactors.samples.chat.backend.ChatBackend;
import org.wskactors.samples.chat.backend.NickCommand;

/**
 * The chat backend of a Pekko Cluster: several chat servers, one per node, form one IRC network.
 * One instance per ActorSystem (it initialises the entity types and spawns two system actors).
 *
 * <ul>
 *   <li><b>Channels</b> are Cluster Sharding entities of type {@value ChannelEntity#TYPE_NAME}, one
 *       per folded channel name; each runs the single-node channel actor (as a child of a thin
 *       entity parent, see {@link ChannelEntity}), so users on every node talk to the same actor
 *       and see each other's lines in the order it sends them.
 *   <li><b>Nicks</b> are entities of type {@value NickEntity#TYPE_NAME}, one per folded nick; one
 *       actor decides all claims of a nick, so a nick is unique across the network even when two
 *       nodes claim it at once. {@link #nicks()} is a local router that forwards each command to
 *       its nick's entity.
 *   <li><b>LIST and LUSERS</b> come from this node's replica of Distributed Data maps that the
 *       entities keep (channel snapshots, nick owners): eventually consistent, a change on another
 *       node may show a moment later (see {@link NetworkView}).
 *   <li><b>A node that leaves or is lost</b> (downed by the split brain resolver): its sessions are
 *       terminated for remote death watch, so channels tell their members that its users QUIT and
 *       nick entities free their nicks; channel and nick entities that lived on it start again on a
 *       live node and restore their state from Distributed Data.
 * </ul>
 *
 * <p>Entities are never rebalanced ({@link StayPutAllocationStrategy}) and never passivated for
 * idleness: a channel passivates when it is empty, a nick when it is free.
 */
public final class ClusterChatBackend implements ChatBackend {

  /**
   * Makes the behaviour of one channel: {@code ChannelActor::create} of the chat server.
   *
   * <p>{@code whenEmpty} is what the channel becomes when its last member leaves; the cluster
   * backend passes a function that tells the entity parent and returns {@code Behaviors.same()}.
   */
  @FunctionalInterface
  public interface ChannelFactory {
    /**
     * @param folded the folded channel name
     * @param serverName the server name for numerics
     * @param whenEmpty called when the channel becomes empty
     * @return the channel's behaviour
     */
    Behavior<ChannelCommand> create(
        String folded,
        String serverName,
        Function<ActorContext<ChannelCommand>, Behavior<ChannelCommand>> whenEmpty);
  }

  private final ClusterSharding sharding;
  private final String serverName;
  private final ActorRef<NickCommand> nicks;
  private final ActorRef<NetworkView.Command> view;

  private ClusterChatBackend(ActorSystem<?> system, String serverName, ChannelFactory factory) {
    this.serverName = serverName;
    this.sharding = ClusterSharding.get(system);
    ClusterChatSettings settings = ClusterChatSettings.create(system);
    ClusterShardingSettings shardingSettings =
        ClusterShardingSettings.create(system).withNoPassivationStrategy();
    sharding.init(
        Entity.of(NickEntity.TYPE_KEY, ctx -> NickEntity.create(ctx, settings))
            .withSettings(shardingSettings)
            .withAllocationStrategy(new StayPutAllocationStrategy()));
    sharding.init(
        Entity.of(
                ChannelEntity.TYPE_KEY,
                ctx -> ChannelEntity.create(ctx, serverName, factory, settings))
            .withSettings(shardingSettings)
            .withAllocationStrategy(new StayPutAllocationStrategy()));
    this.nicks = system.systemActorOf(nickRouter(sharding), "chat-nick-router", Props.empty());
    this.view =
        system.systemActorOf(NetworkView.create(settings), "chat-network-view", Props.empty());
  }

  /**
   * Starts the cluster backend on a system whose provider is {@code cluster} (see {@link
   * ClusterChat#config}); call once per system.
   *
   * @param system the system
   * @param serverName this node's server name (unique in the network)
   * @param factory makes channel behaviours ({@code ChannelActor::create})
   * @return the backend
   */
  public static ClusterChatBackend create(
      ActorSystem<?> system, String serverName, ChannelFactory factory) {
    return new ClusterChatBackend(system, serverName, factory);
  }

  /** Forwards each nick command to its nick's entity. */
  private static Behavior<NickCommand> nickRouter(ClusterSharding sharding) {
    return Behaviors.receive(NickCommand.class)
        .onAnyMessage(
            cmd -> {
              sharding.entityRefFor(NickEntity.TYPE_KEY, folded(cmd)).tell(cmd);
              return Behaviors.same();
            })
        .build();
  }

  private static String folded(NickCommand cmd) {
    if (cmd instanceof NickCommand.Claim c) return c.folded();
    if (cmd instanceof NickCommand.Release r) return r.folded();
    if (cmd instanceof NickCommand.Update u) return u.folded();
    if (cmd instanceof NickCommand.Lookup l) return l.folded();
    throw new IllegalArgumentException("unknown nick command " + cmd);
  }

  @Override
  public ChannelRef channel(String folded) {
    return cmd -> sharding.entityRefFor(ChannelEntity.TYPE_KEY, folded).tell(cmd);
  }

  @Override
  public ActorRef<NickCommand> nicks() {
    return nicks;
  }

  @Override
  public void listChannels(ActorRef<ChannelCommand.ChannelList> replyTo) {
    view.tell(new NetworkView.ListChannels(replyTo));
  }

  @Override
  public void counts(ActorRef<ChannelCommand.NetworkCounts> replyTo) {
    view.tell(new NetworkView.Counts(replyTo));
  }

  @Override
  public String serverName() {
    return serverName;
  }

  /**
   * Tells the network how many of this node's users have mode +i (LUSERS shows the sum over live
   * nodes). User counts need no report: they come from the nick registry.
   *
   * @param invisible users of this node with +i
   */
  public void reportLocalInvisible(int invisible) {
    view.tell(new NetworkView.ReportInvisible(invisible));
  }
}
