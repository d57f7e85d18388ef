package org.wskactors.samples.chat.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * One channel of the network: a Cluster Sharding entity of type {@value #TYPE_NAME} whose id is the
 * folded channel name. The entity is a thin parent around the single-node channel actor (the {@link
 * ClusterChatBackend.ChannelFactory}, {@code ChannelActor.create} in the server), which runs as its
 * child and keeps all the IRC rules; every command is forwarded to it in order.
 *
 * <p>What the parent adds for the cluster:
 *
 * <ul>
 *   <li><b>Snapshot.</b> After each command that changes the channel (JOIN, PART, QUIT, KICK, NICK,
 *       TOPIC set, MODE change) it asks the channel for its members, topic, modes and bans (the
 *       same NAMES/TOPIC/MODE queries a client could send) and writes a {@link ChannelSnapshot} to
 *       the Distributed Data map {@value #CHANNELS_ID} with a majority write. LIST and LUSERS on
 *       every node read that map.
 *   <li><b>Restore.</b> An entity that starts reads its snapshot back (majority read; commands are
 *       stashed meanwhile). If the channel had members, its entity lived on a node that left or was
 *       lost: it joins every saved member again under a {@link MemberProxy} (the channel knows
 *       members by session; the proxy drops the JOIN/MODE lines of rebuilding), gives back operator
 *       and voice flags, modes, bans and topic, then opens the proxies and makes the members whose
 *       node is gone QUIT. Clients of the surviving members see only those QUIT lines. From then on
 *       the entity puts the proxy in place of the real session in every command of a restored
 *       member, and watches the real session.
 *   <li><b>Lost members.</b> The channel actor death-watches its members' sessions; remote death
 *       watch terminates the sessions of a node that is downed and removed, so the channel sends
 *       their QUIT ({@value #QUIT_REASON}, dedupe key {@code "quit:" + session path}: the same line
 *       and key in every channel, so a session that shares several channels with the lost user
 *       writes it once). The entity watches the same sessions and sends the channel that same QUIT
 *       (the second of the two finds no member and does nothing), so that the QUIT is applied
 *       before the entity's next snapshot; for restored members, whom the channel knows by their
 *       proxies, the entity's QUIT is the only one.
 *   <li><b>Passivation.</b> When the channel reports it is empty, the parent checks that it still
 *       is, removes its snapshot and passivates; commands that arrive meanwhile are sent back to
 *       the shard, which gives them to the next incarnation.
 * </ul>
 *
 * <p>Limits: a restored channel's creation time and topic time are the restore's, and the topic
 * setter is the first restored member; invitations are not restored. A change made in the last
 * moment before a node is lost may be missing from its snapshot.
 */
final class ChannelEntity extends AbstractBehavior<Object> {

  /** The entity type name. */
  static final String TYPE_NAME = "chat-channel";

  /** The sharding key of channel entities. */
  static final EntityTypeKey<ChannelCommand> TYPE_KEY =
      EntityTypeKey.create(ChannelCommand.class, TYPE_NAME);

  /** The Distributed Data key of the channel snapshots (folded name to snapshot). */
  static final String CHANNELS_ID = "chat-channels";

  /** The channel snapshots. */
  static final Key<LWWMap<String, ChannelSnapshot>> CHANNELS = LWWMapKey.create(CHANNELS_ID);

  /** The QUIT reason of a member whose session stopped without quitting (the channel actor's). */
  static final String QUIT_REASON = "Connection closed";

  private enum Phase {
    RESTORING,
    REPLAYING,
    RUNNING,
    CHECKING_EMPTY,
    PASSIVATING
  }

  private record Restored(Replicator.GetResponse<LWWMap<String, ChannelSnapshot>> response) {}

  private record Replayed(List<UserInfo> lost) {}

  private enum ChildEmpty {
    INSTANCE
  }

  private record EmptyChecked(boolean empty) {}

  private record RefreshMembers(ChannelCommand.Reply reply) {}

  private record RefreshDetail(ChannelCommand.Reply reply) {}

  private enum Ignored {
    INSTANCE
  }

  /**
   * The behaviour of one channel entity.
   *
   * @param entity the sharding context (its id is the folded channel name)
   * @param serverName this node's server name
   * @param factory makes the channel actor
   * @param settings the cluster settings
   */
  static Behavior<ChannelCommand> create(
      EntityContext<ChannelCommand> entity,
      String serverName,
      ClusterChatBackend.ChannelFactory factory,
      ClusterChatSettings settings) {
    return Behaviors.<Object>setup(
            ctx ->
                Behaviors.<Object>withStash(
                    settings.stashCapacity(),
                    stash ->
                        DistributedData
                            .<Object, LWWMap<String, ChannelSnapshot>>withReplicatorMessageAdapter(
                                replicator ->
                                    new ChannelEntity(
                                        ctx,
                                        entity,
                                        serverName,
                                        factory,
                                        settings,
                                        stash,
                                        replicator))))
        .narrow();
  }

  private final String folded;
  private final String serverName;
  private final ClusterChatBackend.ChannelFactory factory;
  private final ClusterChatSettings settings;
  private final StashBuffer<Object> stash;
  private final ReplicatorMessageAdapter<Object, LWWMap<String, ChannelSnapshot>> replicator;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final SelfUniqueAddress selfUnique;
  private final String selfAddress;
  private final ActorRef<ChannelCommand.Reply> ignore;
  private ActorRef<ChannelCommand> channel;
  private Phase phase = Phase.RESTORING;

  /** Proxy session to real session, for members rebuilt after a restore. */
  private final Map<ActorRef<SessionEvent>, ActorRef<SessionEvent>> proxies = new HashMap<>();

  /** Real session to proxy session (the inverse of {@link #proxies}). */
  private final Map<ActorRef<SessionEvent>, ActorRef<SessionEvent>> proxyOf = new HashMap<>();

  /** Proxy session to the restored member as saved. */
  private final Map<ActorRef<SessionEvent>, UserInfo> restoredUsers = new HashMap<>();

  /** Restored members whose real session stopped while the channel was being rebuilt. */
  private final Set<ActorRef<SessionEvent>> stoppedWhileRebuilding = new HashSet<>();

  /** Real sessions of (not restored) members, watched to notice a member that is gone. */
  private final Set<ActorRef<SessionEvent>> watched = new HashSet<>();

  /** The members as last seen (as the channel knows them: possibly under a proxy). */
  private List<ChannelCommand.Member> members = List.of();

  private boolean refreshInFlight;
  private boolean refreshAgain;
  private Round round;
  private ChannelSnapshot saved;

  /** The answers of one refresh. */
  private static final class Round {
    final ChannelCommand.MembersAre members;
    int pending = 3;
    ChannelCommand.TopicIs topic;
    ChannelCommand.ModesAre modes;
    ChannelCommand.BansAre bans;

    Round(ChannelCommand.MembersAre members) {
      this.members = members;
    }
  }

  private ChannelEntity(
      ActorContext<Object> ctx,
      EntityContext<ChannelCommand> entity,
      String serverName,
      ClusterChatBackend.ChannelFactory factory,
      ClusterChatSettings settings,
      StashBuffer<Object> stash,
      ReplicatorMessageAdapter<Object, LWWMap<String, ChannelSnapshot>> replicator) {
    super(ctx);
    this.folded = entity.getEntityId();
    this.serverName = serverName;
    this.factory = factory;
    this.settings = settings;
    this.stash = stash;
    this.replicator = replicator;
    this.shard = entity.getShard();
    this.selfUnique = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
    this.selfAddress = Cluster.get(ctx.getSystem()).selfMember().address().toString();
    this.ignore = ctx.getSystem().ignoreRef();
    replicator.askGet(
        replyTo ->
            new Replicator.Get<>(
                CHANNELS, new Replicator.ReadMajority(settings.readTimeout()), replyTo),
        Restored::new);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ChannelCommand.class, this::onCommand)
        .onMessage(Restored.class, this::onRestored)
        .onMessage(Replayed.class, this::onReplayed)
        .onMessageEquals(ChildEmpty.INSTANCE, this::onChildEmpty)
        .onMessage(EmptyChecked.class, this::onEmptyChecked)
        .onMessage(RefreshMembers.class, this::onRefreshMembers)
        .onMessage(RefreshDetail.class, this::onRefreshDetail)
        .onMessageEquals(Ignored.INSTANCE, () -> this)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- commands ------------------------------------------------------------------------------

  private Behavior<Object> onCommand(ChannelCommand command) {
    switch (phase) {
      case RUNNING:
        channel.tell(proxyOf.isEmpty() ? command : rewrite(command));
        if (changes(command)) refresh();
        return this;
      case PASSIVATING:
        // The shard buffers it while this incarnation stops and starts the next one with it.
        ClusterSharding.get(getContext().getSystem()).entityRefFor(TYPE_KEY, folded).tell(command);
        return this;
      default:
        if (stash.isFull()) {
          getContext().getLog().warn("channel [{}]: stash full, dropped {}", folded, command);
        } else {
          stash.stash(command);
        }
        return this;
    }
  }

  /** True for the commands after which the snapshot may differ. */
  static boolean changes(ChannelCommand c) {
    if (c instanceof ChannelCommand.Join
        || c instanceof ChannelCommand.Part
        || c instanceof ChannelCommand.Quit
        || c instanceof ChannelCommand.Kick
        || c instanceof ChannelCommand.NickChanged) {
      return true;
    }
    if (c instanceof ChannelCommand.Topic t) return t.topic() != null;
    if (c instanceof ChannelCommand.Mode m) {
      List<String> ch = m.changes();
      return !(ch.isEmpty() || (ch.size() == 1 && ch.get(0).equals("+b")));
    }
    return false;
  }

  // ---- restore -------------------------------------------------------------------------------

  private Behavior<Object> onRestored(Restored r) {
    if (r.response() instanceof Replicator.GetFailure) {
      replicator.askGet(
          replyTo -> new Replicator.Get<>(CHANNELS, Replicator.readLocal(), replyTo),
          Restored::new);
      return this;
    }
    ChannelSnapshot snapshot = null;
    if (r.response() instanceof Replicator.GetSuccess<LWWMap<String, ChannelSnapshot>> ok) {
      snapshot = ok.dataValue().getEntries().get(folded);
    }
    ActorRef<Object> self = getContext().getSelf();
    channel =
        getContext()
            .spawn(
                factory.create(
                    folded,
                    serverName,
                    ctx -> {
                      self.tell(ChildEmpty.INSTANCE);
                      return Behaviors.same();
                    }),
                "channel");
    getContext().watch(channel);
    if (snapshot == null || snapshot.members().isEmpty()) {
      return running();
    }
    replay(snapshot);
    return this;
  }

  /** Rebuilds the channel from its snapshot under proxies; ends with {@link Replayed}. */
  private void replay(ChannelSnapshot s) {
    phase = Phase.REPLAYING;
    getContext()
        .getLog()
        .info(
            "channel [{}]: restoring {} members from node [{}]",
            folded,
            s.members().size(),
            s.node());
    List<UserInfo> rebuilt = new ArrayList<>();
    List<UserInfo> lost = new ArrayList<>();
    for (ChannelCommand.Member m : s.members()) {
      ActorRef<SessionEvent> real = m.user().session();
      ActorRef<SessionEvent> proxy = getContext().spawnAnonymous(MemberProxy.create(real)).narrow();
      proxies.put(proxy, real);
      proxyOf.put(real, proxy);
      restoredUsers.put(proxy, m.user());
      getContext().watch(real);
      UserInfo u = withSession(m.user(), proxy);
      rebuilt.add(u);
      if (!Membership.nodeAlive(getContext().getSystem(), real)) lost.add(u);
      channel.tell(new ChannelCommand.Join(folded, s.display(), u, null, ignore));
    }
    UserInfo first = rebuilt.get(0);
    for (int i = 0; i < rebuilt.size(); i++) {
      ChannelCommand.Member m = s.members().get(i);
      String nick = rebuilt.get(i).nick();
      if (i > 0 && m.operator()) mode(first, "+o", nick);
      if (m.voiced()) mode(first, "+v", nick);
    }
    String modes = s.modes() == null ? "" : s.modes();
    int param = 0;
    for (char c : modes.toCharArray()) {
      if (c == '+' || c == '-') continue;
      boolean takesParam = c == 'k' || c == 'l';
      if (takesParam && param < s.modeParams().size()) {
        mode(first, "+" + c, s.modeParams().get(param++));
      } else if (!takesParam) {
        mode(first, "+" + c);
      }
    }
    // A new channel is +nt: take away what the saved one did not have.
    if (modes.indexOf('n') < 0) mode(first, "-n");
    if (modes.indexOf('t') < 0) mode(first, "-t");
    for (String mask : s.bans()) mode(first, "+b", mask);
    if (s.topic() != null && !s.topic().isEmpty()) {
      channel.tell(new ChannelCommand.Topic(folded, first, s.topic(), ignore));
    }
    if (!s.members().get(0).operator()) mode(first, "-o", first.nick());
    // Every command above is processed before this query (same sender, same receiver).
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            channel,
            settings.readTimeout(),
            replyTo -> new ChannelCommand.Members(folded, replyTo),
            (reply, failure) -> new Replayed(lost));
  }

  private void mode(UserInfo by, String... changes) {
    channel.tell(new ChannelCommand.Mode(folded, by, List.of(changes), ignore));
  }

  private Behavior<Object> onReplayed(Replayed r) {
    List<UserInfo> lost = new ArrayList<>(r.lost());
    for (ActorRef<SessionEvent> proxy : stoppedWhileRebuilding) {
      UserInfo u = withSession(restoredUsers.get(proxy), proxy);
      if (!lost.contains(u)) lost.add(u);
    }
    stoppedWhileRebuilding.clear();
    getContext().getLog().debug("channel [{}]: rebuilt; lost members {}", folded, lost);
    for (ActorRef<SessionEvent> proxy : proxies.keySet())
      proxy.unsafeUpcast().tell(MemberProxy.OPEN);
    // After OPEN (sent first, and local), so the other members get these lines.
    for (UserInfo u : lost) {
      channel.tell(
          new ChannelCommand.Quit(folded, u, QUIT_REASON, quitKey(proxies.get(u.session()))));
    }
    return running();
  }

  private Behavior<Object> running() {
    phase = Phase.RUNNING;
    stash.unstashAll(this);
    refresh();
    return this;
  }

  // ---- lost members --------------------------------------------------------------------------

  private Behavior<Object> onTerminated(Terminated t) {
    if (t.getRef().equals(channel)) {
      getContext().getLog().warn("channel [{}]: channel actor stopped; entity stops", folded);
      return Behaviors.stopped();
    }
    ActorRef<SessionEvent> gone = t.getRef().unsafeUpcast();
    ActorRef<SessionEvent> proxy = proxyOf.get(gone);
    if (proxy != null && phase == Phase.REPLAYING) {
      stoppedWhileRebuilding.add(proxy);
      return this;
    }
    // The member's session stopped without quitting. The channel actor watches the sessions it
    // knows and sends this very QUIT itself; the entity sends it too (the second one finds no
    // member and does nothing) so that the QUIT is ordered before the refresh of the snapshot,
    // and sends it for restored members, whom the channel knows only by their proxies.
    watched.remove(gone);
    ActorRef<SessionEvent> known = proxy != null ? proxy : gone;
    UserInfo user = null;
    for (ChannelCommand.Member m : members) {
      if (m.user().session().equals(known)) user = m.user();
    }
    if (user == null && proxy != null) user = withSession(restoredUsers.get(proxy), proxy);
    if (user == null) return this;
    getContext().getLog().debug("channel [{}]: member [{}] stopped", folded, user.nick());
    channel.tell(new ChannelCommand.Quit(folded, user, QUIT_REASON, quitKey(gone)));
    refresh();
    return this;
  }

  /** The dedupe key of the QUIT of a session that stopped: the channel actor's. */
  static String quitKey(ActorRef<?> session) {
    return "quit:" + session.path();
  }

  /** Puts the proxy in place of a restored member's real session in a command from that member. */
  private ChannelCommand rewrite(ChannelCommand c) {
    if (c instanceof ChannelCommand.Join j && proxied(j.user())) {
      return new ChannelCommand.Join(
          j.folded(), j.display(), viaProxy(j.user()), j.key(), j.replyTo());
    }
    if (c instanceof ChannelCommand.Part p && proxied(p.user())) {
      return new ChannelCommand.Part(p.folded(), viaProxy(p.user()), p.reason(), p.replyTo());
    }
    if (c instanceof ChannelCommand.Message m && proxied(m.user())) {
      return new ChannelCommand.Message(
          m.folded(), viaProxy(m.user()), m.command(), m.text(), m.replyTo());
    }
    if (c instanceof ChannelCommand.Topic t && proxied(t.user())) {
      return new ChannelCommand.Topic(t.folded(), viaProxy(t.user()), t.topic(), t.replyTo());
    }
    if (c instanceof ChannelCommand.Mode m && proxied(m.user())) {
      return new ChannelCommand.Mode(m.folded(), viaProxy(m.user()), m.changes(), m.replyTo());
    }
    if (c instanceof ChannelCommand.Kick k && proxied(k.user())) {
      return new ChannelCommand.Kick(
          k.folded(), viaProxy(k.user()), k.targetFolded(), k.reason(), k.replyTo());
    }
    if (c instanceof ChannelCommand.Invite i && proxied(i.user())) {
      return new ChannelCommand.Invite(i.folded(), viaProxy(i.user()), i.target(), i.replyTo());
    }
    if (c instanceof ChannelCommand.Quit q && proxied(q.user())) {
      return new ChannelCommand.Quit(q.folded(), viaProxy(q.user()), q.reason(), q.dedupeKey());
    }
    if (c instanceof ChannelCommand.NickChanged n && proxied(n.after())) {
      return new ChannelCommand.NickChanged(
          n.folded(), viaProxy(n.before()), viaProxy(n.after()), n.dedupeKey());
    }
    return c;
  }

  private boolean proxied(UserInfo u) {
    return u != null && u.session() != null && proxyOf.containsKey(u.session());
  }

  private UserInfo viaProxy(UserInfo u) {
    ActorRef<SessionEvent> proxy = proxyOf.get(u.session());
    return proxy == null ? u : withSession(u, proxy);
  }

  // ---- snapshot ------------------------------------------------------------------------------

  private void refresh() {
    if (phase != Phase.RUNNING) return;
    if (refreshInFlight) {
      refreshAgain = true;
      return;
    }
    refreshInFlight = true;
    refreshAgain = false;
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            channel,
            settings.readTimeout(),
            replyTo -> new ChannelCommand.Members(folded, replyTo),
            (reply, failure) -> new RefreshMembers(reply));
  }

  private Behavior<Object> onRefreshMembers(RefreshMembers r) {
    if (!(r.reply() instanceof ChannelCommand.MembersAre ma) || ma.members().isEmpty()) {
      if (r.reply() instanceof ChannelCommand.MembersAre) {
        members = List.of();
        dropLeftProxies();
        watchMembers();
      }
      return refreshDone();
    }
    members = ma.members();
    dropLeftProxies();
    watchMembers();
    round = new Round(ma);
    UserInfo asker = members.get(0).user();
    askDetail(replyTo -> new ChannelCommand.Topic(folded, asker, null, replyTo));
    askDetail(replyTo -> new ChannelCommand.Mode(folded, asker, List.of(), replyTo));
    askDetail(replyTo -> new ChannelCommand.Mode(folded, asker, List.of("+b"), replyTo));
    return this;
  }

  private void askDetail(
      java.util.function.Function<ActorRef<ChannelCommand.Reply>, ChannelCommand> make) {
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            channel,
            settings.readTimeout(),
            make::apply,
            (reply, failure) -> new RefreshDetail(reply));
  }

  private Behavior<Object> onRefreshDetail(RefreshDetail r) {
    Round rd = round;
    if (rd == null) return this;
    if (r.reply() instanceof ChannelCommand.TopicIs t) rd.topic = t;
    else if (r.reply() instanceof ChannelCommand.ModesAre m) rd.modes = m;
    else if (r.reply() instanceof ChannelCommand.BansAre b) rd.bans = b;
    if (--rd.pending > 0) return this;
    round = null;
    List<ChannelCommand.Member> real = new ArrayList<>();
    for (ChannelCommand.Member m : rd.members.members()) {
      real.add(
          new ChannelCommand.Member(
              withSession(m.user(), real(m.user().session())), m.operator(), m.voiced()));
    }
    ChannelSnapshot s =
        new ChannelSnapshot(
            rd.members.channel(),
            rd.topic == null ? (saved == null ? null : saved.topic()) : rd.topic.topic(),
            rd.topic == null ? (saved == null ? null : saved.topicSetBy()) : rd.topic.setBy(),
            rd.topic == null ? (saved == null ? 0 : saved.topicSetAt()) : rd.topic.setAt(),
            real,
            rd.members.secret(),
            rd.modes == null ? (saved == null ? "+" : saved.modes()) : rd.modes.modes(),
            rd.modes == null ? (saved == null ? null : saved.modeParams()) : rd.modes.modeParams(),
            rd.modes == null ? (saved == null ? 0 : saved.createdAt()) : rd.modes.createdAt(),
            rd.bans == null ? (saved == null ? null : saved.bans()) : rd.bans.masks(),
            selfAddress);
    if (phase == Phase.RUNNING && !s.equals(saved)) {
      getContext().getLog().debug("channel [{}]: saving {}", folded, s);
      saved = s;
      write(map -> map.put(selfUnique, folded, s));
    }
    return refreshDone();
  }

  /** Stops the proxies of restored members who have left (the channel no longer knows them). */
  private void dropLeftProxies() {
    if (proxies.isEmpty()) return;
    Set<ActorRef<SessionEvent>> current = new HashSet<>();
    for (ChannelCommand.Member m : members) current.add(m.user().session());
    for (ActorRef<SessionEvent> proxy : new ArrayList<>(proxies.keySet())) {
      if (!current.contains(proxy)) {
        ActorRef<SessionEvent> real = proxies.remove(proxy);
        proxyOf.remove(real);
        restoredUsers.remove(proxy);
        getContext().unwatch(real);
        getContext().stop(proxy);
      }
    }
  }

  /** Watches the sessions of the current (not restored) members, and only those. */
  private void watchMembers() {
    Set<ActorRef<SessionEvent>> now = new HashSet<>();
    for (ChannelCommand.Member m : members) {
      if (!proxies.containsKey(m.user().session())) now.add(m.user().session());
    }
    for (ActorRef<SessionEvent> s : now) {
      if (watched.add(s)) getContext().watch(s);
    }
    for (ActorRef<SessionEvent> s : new ArrayList<>(watched)) {
      if (!now.contains(s)) {
        watched.remove(s);
        getContext().unwatch(s);
      }
    }
  }

  private Behavior<Object> refreshDone() {
    refreshInFlight = false;
    if (refreshAgain) refresh();
    return this;
  }

  private void write(
      java.util.function.Function<LWWMap<String, ChannelSnapshot>, LWWMap<String, ChannelSnapshot>>
          modify) {
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                CHANNELS,
                LWWMap.create(),
                new Replicator.WriteMajority(settings.writeTimeout()),
                replyTo,
                modify),
        rsp -> {
          if (!(rsp instanceof Replicator.UpdateSuccess)) {
            getContext().getLog().debug("channel [{}]: snapshot write answered {}", folded, rsp);
          }
          return Ignored.INSTANCE;
        });
  }

  // ---- passivation ---------------------------------------------------------------------------

  private Behavior<Object> onChildEmpty() {
    if (phase != Phase.RUNNING) return this;
    phase = Phase.CHECKING_EMPTY;
    getContext()
        .ask(
            ChannelCommand.Reply.class,
            channel,
            settings.readTimeout(),
            replyTo -> new ChannelCommand.Members(folded, replyTo),
            (reply, failure) ->
                new EmptyChecked(
                    reply instanceof ChannelCommand.MembersAre ma && ma.members().isEmpty()));
    return this;
  }

  private Behavior<Object> onEmptyChecked(EmptyChecked e) {
    if (phase != Phase.CHECKING_EMPTY) return this;
    if (!e.empty()) return running();
    phase = Phase.PASSIVATING;
    members = List.of();
    saved = null;
    write(map -> map.remove(selfUnique, folded));
    shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf().narrow()));
    stash.unstashAll(this);
    return this;
  }

  // ---- helpers -------------------------------------------------------------------------------

  private ActorRef<SessionEvent> real(ActorRef<SessionEvent> session) {
    ActorRef<SessionEvent> r = proxies.get(session);
    return r == null ? session : r;
  }

  private static UserInfo withSession(UserInfo u, ActorRef<SessionEvent> session) {
    return new UserInfo(
        u.nick(),
        u.user(),
        u.host(),
        u.realName(),
        u.away(),
        u.server(),
        u.signonEpochSeconds(),
        session);
  }
}
