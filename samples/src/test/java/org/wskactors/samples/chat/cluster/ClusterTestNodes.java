package org.wskactors.samples.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Several cluster nodes in one JVM: ActorSystems with the same name, Artery on 127.0.0.1 and a free
 * port, joined to the first node; short failure detection and split brain resolver times.
 */
final class ClusterTestNodes {
  private ClusterTestNodes() {}

  static final String SYSTEM_NAME = "ChatClusterTest";

  /** Test settings over the chat's cluster.conf. */
  static final String TEST_CONFIG =
      String.join(
          "\n",
          "pekko.loglevel = INFO",
          "pekko.remote.artery.canonical.hostname = 127.0.0.1",
          "pekko.remote.artery.canonical.port = 0",
          "pekko.cluster.seed-nodes = []",
          "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
          // Java serialization stays off (Pekko's default): a message without a binding fails.
          "pekko.actor.allow-java-serialization = off",
          "pekko.actor.warn-about-java-serializer-usage = on",
          "pekko.cluster.failure-detector.heartbeat-interval = 200ms",
          "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 1s",
          "pekko.cluster.failure-detector.expected-response-after = 200ms",
          "pekko.cluster.split-brain-resolver.stable-after = 1s",
          "pekko.cluster.sharding.retry-interval = 200ms",
          "pekko.cluster.sharding.waiting-for-state-timeout = 1s",
          "pekko.cluster.sharding.updating-state-timeout = 1s",
          "pekko.cluster.sharding.shard-region-query-timeout = 1s",
          "pekko.cluster.leader-actions-interval = 200ms",
          "pekko.cluster.gossip-interval = 200ms",
          "pekko.cluster.distributed-data.gossip-interval = 200ms",
          "pekko.remote.artery.advanced.remove-quarantined-association-after = 1s",
          "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
          "wsk-actors.chat.cluster.read-timeout = 1s",
          "wsk-actors.chat.cluster.write-timeout = 1s");

  /** The config of a test node; {@code extra} goes on top. */
  static Config config(String extra) {
    Config base =
        ConfigFactory.parseResources("application-test.conf").withFallback(ConfigFactory.load());
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString(TEST_CONFIG))
        .withFallback(
            ClusterChat.config(SYSTEM_NAME, new ClusterChat.Options(null, null, null), base));
  }

  /** Starts {@code n} nodes and joins them all to the first. */
  static List<ActorTestKit> start(int n, String extra) {
    List<ActorTestKit> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) nodes.add(ActorTestKit.create(SYSTEM_NAME, config(extra)));
    Address first = Cluster.get(nodes.get(0).system()).selfMember().address();
    for (ActorTestKit node : nodes) Cluster.get(node.system()).manager().tell(Join.create(first));
    awaitUp(nodes, nodes.size());
    return nodes;
  }

  /** Waits until every node sees {@code count} members Up. */
  static void awaitUp(List<ActorTestKit> nodes, int count) {
    for (ActorTestKit node : nodes) {
      TestProbe<Object> probe = node.createTestProbe();
      probe.awaitAssert(
          Duration.ofSeconds(20),
          () -> {
            assertEquals(count, upMembers(node.system()), "members up seen by " + address(node));
            return null;
          });
    }
  }

  static int upMembers(ActorSystem<?> system) {
    int up = 0;
    for (Member m : Cluster.get(system).state().getMembers()) {
      if (m.status() == MemberStatus.up()) up++;
    }
    return up;
  }

  static Address address(ActorTestKit node) {
    return Cluster.get(node.system()).selfMember().address();
  }
}
