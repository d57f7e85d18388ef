package org.wskactors.samples.chat.cluster;

import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Shard allocation of the chat's entity types: a new shard goes to the node whose region asked for
 * it first (the node of the user who created the channel or claimed the nick), and shards are never
 * rebalanced.
 *
 * <p>Channel and nick entities keep their state in memory. Pekko's default strategy moves shards to
 * a node that joins later, which would restart those entities elsewhere; with this one an entity
 * moves only when its node leaves or is lost, and then it restores its state from Distributed Data
 * (see {@link ChannelEntity} and {@link NickEntity}).
 */
final class StayPutAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy {

  @Override
  public Future<ActorRef> allocateShard(
      ActorRef requester,
      String shardId,
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    // The coordinator passes only regions that are not shutting down.
    if (currentShardAllocations.containsKey(requester)) return Future.successful(requester);
    ActorRef least = null;
    int fewest = Integer.MAX_VALUE;
    for (Map.Entry<ActorRef, IndexedSeq<String>> e : currentShardAllocations.entrySet()) {
      if (e.getValue().size() < fewest) {
        fewest = e.getValue().size();
        least = e.getKey();
      }
    }
    return Future.successful(least != null ? least : requester);
  }

  @Override
  public Future<Set<String>> rebalance(
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations, Set<String> rebalanceInProgress) {
    return Future.successful(Set.of());
  }
}
