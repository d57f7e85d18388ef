package org.wskactors.samples.chat.cluster;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Whether an actor's node still belongs to the cluster (used when state is restored). */
final class Membership {
  private Membership() {}

  /**
   * True when {@code ref} is local, or its node is a member that is neither down nor removed. A
   * node that is only unreachable still counts: death watch reports it once it is downed.
   */
  static boolean nodeAlive(ActorSystem<?> system, ActorRef<?> ref) {
    Address address = ref.path().address();
    if (address.hasLocalScope()) return true;
    Cluster cluster = Cluster.get(system);
    if (address.equals(cluster.selfMember().address())) return true;
    for (Member m : cluster.state().getMembers()) {
      if (m.address().equals(address)) {
        MemberStatus s = m.status();
        return s != MemberStatus.down() && s != MemberStatus.removed();
      }
    }
    return false;
  }

  /** True when {@code ref} lives on the node with {@code address}. */
  static boolean livesOn(ActorRef<?> ref, Address address, Address selfAddress) {
    Address a = ref.path().address();
    if (a.hasLocalScope()) a = selfAddress;
    return a.equals(address);
  }
}
