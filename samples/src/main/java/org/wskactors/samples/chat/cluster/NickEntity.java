package org.wskactors.samples.chat.cluster;

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
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * One nick of the network: a Cluster Sharding entity of type {@value #TYPE_NAME} whose id is the
 * folded nick, so all claims of one nick, from any node, are decided by this one actor in the order
 * they arrive. Exactly one of two concurrent claims gets {@link NickCommand.Granted}.
 *
 * <p>State: the owner ({@link UserInfo}) or none. The owner's session is death-watched; it stops,
 * or its node is downed and removed, and the nick is free again. A free nick passivates.
 *
 * <p>The owner is also written to the Distributed Data map {@value #OWNERS_ID} (a majority write,
 * not waited for). An entity that starts (for the first time, or again on another node because its
 * node left or was lost) reads its owner back with a majority read, stashing commands meanwhile,
 * and keeps it only if the owner's node is still a member. Without that, a nick whose entity lived
 * on a lost node would be free while its owner is still connected elsewhere. The same map gives
 * LUSERS its user counts ({@link NetworkView}).
 */
final class NickEntity extends AbstractBehavior<Object> {

  /** The entity type name. */
  static final String TYPE_NAME = "chat-nick";

  /** The sharding key of nick entities. */
  static final EntityTypeKey<NickCommand> TYPE_KEY =
      EntityTypeKey.create(NickCommand.class, TYPE_NAME);

  /** The Distributed Data key of the owners map (folded nick to owner). */
  static final String OWNERS_ID = "chat-nicks";

  /** The owners map: folded nick to its owner. */
  static final Key<LWWMap<String, UserInfo>> OWNERS = LWWMapKey.create(OWNERS_ID);

  /** The answer of the restore read, adapted. */
  private record Restored(Replicator.GetResponse<LWWMap<String, UserInfo>> response) {}

  /**
   * The behaviour of one nick entity.
   *
   * @param entity the sharding context (its id is the folded nick)
   * @param settings the cluster settings
   */
  static Behavior<NickCommand> create(
      EntityContext<NickCommand> entity, ClusterChatSettings settings) {
    return Behaviors.<Object>setup(
            ctx ->
                Behaviors.<Object>withStash(
                    settings.stashCapacity(),
                    stash ->
                        DistributedData
                            .<Object, LWWMap<String, UserInfo>>withReplicatorMessageAdapter(
                                replicator ->
                                    new NickEntity(ctx, entity, settings, stash, replicator))))
        .narrow();
  }

  private final String folded;
  private final ClusterChatSettings settings;
  private final StashBuffer<Object> stash;
  private final ReplicatorMessageAdapter<Object, LWWMap<String, UserInfo>> replicator;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ClusterSharding sharding;
  private final SelfUniqueAddress self;
  private boolean restoring = true;
  private boolean passivating;
  private UserInfo owner;

  private NickEntity(
      ActorContext<Object> ctx,
      EntityContext<NickCommand> entity,
      ClusterChatSettings settings,
      StashBuffer<Object> stash,
      ReplicatorMessageAdapter<Object, LWWMap<String, UserInfo>> replicator) {
    super(ctx);
    this.folded = entity.getEntityId();
    this.settings = settings;
    this.stash = stash;
    this.replicator = replicator;
    this.shard = entity.getShard();
    this.sharding = ClusterSharding.get(ctx.getSystem());
    this.self = DistributedData.get(ctx.getSystem()).selfUniqueAddress();
    replicator.askGet(
        replyTo ->
            new Replicator.Get<>(
                OWNERS, new Replicator.ReadMajority(settings.readTimeout()), replyTo),
        Restored::new);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Restored.class, this::onRestored)
        .onMessage(NickCommand.class, this::onCommand)
        .onMessageEquals(Ignored.INSTANCE, () -> this)
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  private Behavior<Object> onRestored(Restored r) {
    if (r.response() instanceof Replicator.GetFailure) {
      // No majority answered in time: take what this node's replica has.
      replicator.askGet(
          replyTo -> new Replicator.Get<>(OWNERS, Replicator.readLocal(), replyTo), Restored::new);
      return this;
    }
    if (r.response() instanceof Replicator.GetSuccess<LWWMap<String, UserInfo>> ok) {
      UserInfo saved = ok.dataValue().getEntries().get(folded);
      if (saved != null) {
        if (Membership.nodeAlive(getContext().getSystem(), saved.session())) {
          owner = saved;
          getContext().watch(owner.session());
        } else {
          save(null);
        }
      }
    }
    restoring = false;
    getContext().getLog().debug("nick [{}] restored, owner [{}]", folded, owner);
    stash.unstashAll(this);
    passivateIfFree();
    return this;
  }

  private Behavior<Object> onCommand(NickCommand command) {
    if (restoring) {
      if (stash.isFull())
        getContext().getLog().warn("nick [{}]: stash full, dropped {}", folded, command);
      else stash.stash(command);
      return this;
    }
    if (passivating) {
      // The shard buffers it and gives it to this entity's next incarnation.
      sharding.entityRefFor(TYPE_KEY, folded).tell(command);
      return this;
    }
    if (command instanceof NickCommand.Claim c) onClaim(c);
    else if (command instanceof NickCommand.Release r) onRelease(r);
    else if (command instanceof NickCommand.Update u) onUpdate(u);
    else if (command instanceof NickCommand.Lookup l)
      l.replyTo().tell(new NickCommand.Found(folded, owner));
    passivateIfFree();
    return this;
  }

  private void onClaim(NickCommand.Claim c) {
    if (owner == null || owner.session().equals(c.user().session())) {
      if (owner == null) getContext().watch(c.user().session());
      owner = c.user();
      save(owner);
      c.replyTo().tell(new NickCommand.Granted(folded));
    } else {
      c.replyTo().tell(new NickCommand.InUse(folded));
    }
  }

  private void onRelease(NickCommand.Release r) {
    if (owner != null && owner.session().equals(r.session())) free();
  }

  private void onUpdate(NickCommand.Update u) {
    if (owner != null && owner.session().equals(u.user().session())) {
      owner = u.user();
      save(owner);
    }
  }

  private Behavior<Object> onTerminated(Terminated t) {
    if (owner != null && owner.session().equals(t.getRef())) {
      getContext().getLog().debug("nick [{}]: owner's session stopped", folded);
      free();
      passivateIfFree();
    }
    return this;
  }

  private void free() {
    getContext().unwatch(owner.session());
    owner = null;
    save(null);
  }

  private void passivateIfFree() {
    if (owner == null && !restoring && !passivating && stash.isEmpty()) {
      passivating = true;
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf().narrow()));
    }
  }

  /** Writes the owner (or its absence) to a majority; the answer is not waited for. */
  private void save(UserInfo value) {
    Replicator.WriteConsistency write = new Replicator.WriteMajority(settings.writeTimeout());
    replicator.askUpdate(
        replyTo ->
            new Replicator.Update<>(
                OWNERS,
                LWWMap.create(),
                write,
                replyTo,
                map -> value == null ? map.remove(self, folded) : map.put(self, folded, value)),
        rsp -> Ignored.INSTANCE);
  }

  /** A write's answer, not needed. */
  private enum Ignored {
    INSTANCE
  }
}
