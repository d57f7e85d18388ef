package org.wskactors.samples.chat.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * One per node: this node's view of the whole network for LIST and LUSERS, and the node that tidies
 * up after a lost one.
 *
 * <p>It subscribes to the Distributed Data maps that the entities keep (nick owners {@value
 * NickEntity#OWNERS_ID}, channel snapshots {@value ChannelEntity#CHANNELS_ID}) and to the
 * invisible-user counts that each node reports ({@value #INVISIBLE_ID}), and answers from the
 * latest replica it has: eventually consistent, a change on another node shows after DData has
 * gossiped it (a write to a majority reaches most nodes at once; the rest within the gossip
 * interval).
 *
 * <p>When a member is removed (it left, or was downed) it removes that node's users from the owners
 * map and wakes every channel whose entity lived there, so the channel starts again on a live node,
 * restores itself and tells its members that the lost node's users quit.
 */
final class NetworkView extends AbstractBehavior<NetworkView.Command> {

  /** The Distributed Data key of the per-node invisible-user counts (node address to count). */
  static final String INVISIBLE_ID = "chat-invisible";

  static final Key<LWWMap<String, Integer>> INVISIBLE = LWWMapKey.create(INVISIBLE_ID);

  /** What the view accepts (local only). */
  sealed interface Command {}

  /**
   * LIST: every channel of the network with at least one member, secret ones left out.
   *
   * @param replyTo receives the list
   */
  record ListChannels(ActorRef<ChannelCommand.ChannelList> replyTo) implements Command {}

  /**
   * LUSERS.
   *
   * @param replyTo receives the counts
   */
  record Counts(ActorRef<ChannelCommand.NetworkCounts> replyTo) implements Command {}

  /**
   * This node's count of users with +i.
   *
   * @param invisible the count
   */
  record ReportInvisible(int invisible) implements Command {}

  /** A change of one of the three maps (one adapter for all: adapters are one per class). */
  private record DataChanged(Replicator.SubscribeResponse<?> change) implements Command {}

  private record MemberRemoved(ClusterEvent.MemberRemoved event) implements Command {}

  /**
   * Wake a channel whose entity lived on a lost node; again after a failed attempt (a message sent
   * while the shard's home is still the lost node is dropped).
   */
  private record Wake(String folded, int attempt) implements Command {}

  private enum Ignored implements Command {
    INSTANCE
  }

  static Behavior<Command> create(ClusterChatSettings settings) {
    return Behaviors.setup(ctx -> new NetworkView(ctx, settings));
  }

  private final ClusterChatSettings settings;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress selfUnique;
  private final Address selfAddress;
  private final Cluster cluster;
  private Map<String, UserInfo> owners = Map.of();
  private Map<String, ChannelSnapshot> channels = Map.of();
  private Map<String, Integer> invisible = Map.of();

  private NetworkView(ActorContext<Command> ctx, ClusterChatSettings settings) {
    super(ctx);
    this.settings = settings;
    DistributedData dd = DistributedData.get(ctx.getSystem());
    this.replicator = dd.replicator();
    this.selfUnique = dd.selfUniqueAddress();
    this.cluster = Cluster.get(ctx.getSystem());
    this.selfAddress = cluster.selfMember().address();
    ActorRef<Replicator.SubscribeResponse<ReplicatedData>> changes =
        ctx.messageAdapter(subscribeResponse(), DataChanged::new);
    replicator.tell(new Replicator.Subscribe<>(NickEntity.OWNERS, changes.unsafeUpcast()));
    replicator.tell(new Replicator.Subscribe<>(ChannelEntity.CHANNELS, changes.unsafeUpcast()));
    replicator.tell(new Replicator.Subscribe<>(INVISIBLE, changes.unsafeUpcast()));
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                ctx.messageAdapter(ClusterEvent.MemberRemoved.class, MemberRemoved::new),
                ClusterEvent.MemberRemoved.class));
  }

  @SuppressWarnings("unchecked")
  private static <A extends ReplicatedData>
      Class<Replicator.SubscribeResponse<A>> subscribeResponse() {
    return (Class<Replicator.SubscribeResponse<A>>) (Class<?>) Replicator.SubscribeResponse.class;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ListChannels.class, this::onList)
        .onMessage(Counts.class, this::onCounts)
        .onMessage(ReportInvisible.class, this::onReportInvisible)
        .onMessage(DataChanged.class, this::onDataChanged)
        .onMessage(MemberRemoved.class, this::onMemberRemoved)
        .onMessage(Wake.class, this::onWake)
        .onMessageEquals(Ignored.INSTANCE, () -> this)
        .build();
  }

  private Behavior<Command> onList(ListChannels m) {
    List<ChannelCommand.ChannelSummary> list = new ArrayList<>();
    for (ChannelSnapshot s : channels.values()) {
      if (!s.secret() && !s.members().isEmpty()) list.add(s.summary());
    }
    list.sort(Comparator.comparing(ChannelCommand.ChannelSummary::channel));
    m.replyTo().tell(new ChannelCommand.ChannelList(list));
    return this;
  }

  private Behavior<Command> onCounts(Counts m) {
    Set<ActorRef<?>> users = new HashSet<>();
    Set<ActorRef<?>> local = new HashSet<>();
    for (UserInfo u : owners.values()) {
      if (!Membership.nodeAlive(getContext().getSystem(), u.session())) continue;
      users.add(u.session());
      if (Membership.livesOn(u.session(), selfAddress, selfAddress)) local.add(u.session());
    }
    Set<String> live = new HashSet<>();
    int servers = 0;
    for (Member member : cluster.state().getMembers()) {
      MemberStatus s = member.status();
      if (s == MemberStatus.up() || s == MemberStatus.weaklyUp() || s == MemberStatus.leaving()) {
        servers++;
        live.add(member.address().toString());
      }
    }
    int inv = 0;
    for (Map.Entry<String, Integer> e : invisible.entrySet()) {
      if (live.contains(e.getKey())) inv += e.getValue();
    }
    int chans = 0;
    for (ChannelSnapshot s : channels.values()) if (!s.members().isEmpty()) chans++;
    m.replyTo()
        .tell(
            new ChannelCommand.NetworkCounts(
                users.size(),
                Math.min(inv, users.size()),
                chans,
                Math.max(servers, 1),
                local.size()));
    return this;
  }

  private Behavior<Command> onReportInvisible(ReportInvisible m) {
    String node = selfAddress.toString();
    replicator.tell(
        new Replicator.Update<>(
            INVISIBLE,
            LWWMap.create(),
            Replicator.writeLocal(),
            getContext().getSystem().ignoreRef(),
            map -> map.put(selfUnique, node, m.invisible())));
    return this;
  }

  private Behavior<Command> onDataChanged(DataChanged m) {
    if (!(m.change() instanceof Replicator.Changed<?> c)) return this;
    if (c.key().equals(NickEntity.OWNERS)) {
      owners = new HashMap<>(c.get(NickEntity.OWNERS).getEntries());
    } else if (c.key().equals(ChannelEntity.CHANNELS)) {
      channels = new HashMap<>(c.get(ChannelEntity.CHANNELS).getEntries());
    } else if (c.key().equals(INVISIBLE)) {
      invisible = new HashMap<>(c.get(INVISIBLE).getEntries());
    }
    return this;
  }

  private Behavior<Command> onMemberRemoved(MemberRemoved m) {
    Address gone = m.event().member().address();
    getContext().getLog().info("chat: node [{}] removed; its users quit", gone);
    // Its users: free their nicks in the owners map (entities on live nodes also free them when
    // death watch reports the sessions; an entity that lived on the lost node restores from here).
    replicator.tell(
        new Replicator.Update<>(
            NickEntity.OWNERS,
            LWWMap.create(),
            new Replicator.WriteMajority(settings.writeTimeout()),
            getContext().getSystem().ignoreRef(),
            map -> {
              LWWMap<String, UserInfo> result = map;
              for (Map.Entry<String, UserInfo> e : map.getEntries().entrySet()) {
                if (Membership.livesOn(e.getValue().session(), gone, selfAddress)) {
                  result = result.remove(selfUnique, e.getKey());
                }
              }
              return result;
            }));
    replicator.tell(
        new Replicator.Update<>(
            INVISIBLE,
            LWWMap.create(),
            Replicator.writeLocal(),
            getContext().getSystem().ignoreRef(),
            map -> map.remove(selfUnique, gone.toString())));
    // Its channels: wake them so they start on a live node and restore (see ChannelEntity).
    for (Map.Entry<String, ChannelSnapshot> e : channels.entrySet()) {
      if (gone.toString().equals(e.getValue().node())) onWake(new Wake(e.getKey(), 1));
    }
    return this;
  }

  private Behavior<Command> onWake(Wake w) {
    if (w.attempt() > settings.wakeAttempts()) {
      getContext().getLog().warn("chat: channel [{}] did not answer after a node loss", w.folded());
      return this;
    }
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            ClusterSharding.get(getContext().getSystem())
                .entityRefFor(ChannelEntity.TYPE_KEY, w.folded()),
            settings.readTimeout(),
            replyTo -> new ChannelCommand.Members(w.folded(), replyTo),
            (reply, failure) ->
                failure == null ? Ignored.INSTANCE : new Wake(w.folded(), w.attempt() + 1));
    return this;
  }
}
