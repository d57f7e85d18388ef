package org.wskactors.samples.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.FishingOutcome;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * The cluster backend on four nodes in one JVM, with test probes as sessions and the chat server's
 * {@link org.wskactors.samples.chat.ChannelActor}: nicks unique across nodes and under concurrent
 * claims, channels spanning nodes, LIST/LUSERS, and the users of a crashed node and of a leaving
 * node reported as quit (with their channels restored elsewhere and their nicks freed). The tests
 * run in order on one cluster; node 3 crashes, then node 2 leaves.
 */
@ExtendWith(LogCapturingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChatBackendTest {
  static final Duration T = Duration.ofSeconds(10);
  static final Duration LOSS = Duration.ofSeconds(25);

  static List<ActorTestKit> nodes;
  static final List<ClusterChatBackend> backends = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    nodes = new ArrayList<>(ClusterTestNodes.start(3, ""));
    // Node 3 crashes later: stopping its system must not leave the cluster gracefully.
    ActorTestKit crashing =
        ActorTestKit.create(
            ClusterTestNodes.SYSTEM_NAME,
            ClusterTestNodes.config(
                "pekko.coordinated-shutdown.run-by-actor-system-terminate = off"));
    Cluster.get(crashing.system())
        .manager()
        .tell(Join.create(ClusterTestNodes.address(nodes.get(0))));
    nodes.add(crashing);
    ClusterTestNodes.awaitUp(nodes, 4);
    for (int i = 0; i < nodes.size(); i++) {
      backends.add(
          ClusterChatBackend.create(
              nodes.get(i).system(),
              "irc" + i + ".test",
              org.wskactors.samples.chat.ChannelActor::create));
    }
  }

  @AfterAll
  static void stopCluster() {
    for (ActorTestKit node : nodes) {
      if (!node.system().whenTerminated().isCompleted()) node.shutdownTestKit();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  record Client(int node, UserInfo user, TestProbe<SessionEvent> session) {}

  static Client client(int node, String nick) {
    TestProbe<SessionEvent> session = nodes.get(node).createTestProbe("session-" + nick);
    UserInfo user =
        new UserInfo(
            nick,
            "u" + nick,
            "10.0.0." + node,
            "Real " + nick,
            null,
            backends.get(node).serverName(),
            1_700_000_000L,
            session.ref());
    return new Client(node, user, session);
  }

  static NickCommand.ClaimReply claim(Client c, String nick) {
    TestProbe<NickCommand.ClaimReply> reply = nodes.get(c.node()).createTestProbe();
    backends.get(c.node()).nicks().tell(new NickCommand.Claim(nick, c.user(), reply.ref()));
    return reply.receiveMessage(T);
  }

  static UserInfo lookup(int node, String nick) {
    TestProbe<NickCommand.Found> reply = nodes.get(node).createTestProbe();
    backends.get(node).nicks().tell(new NickCommand.Lookup(nick, reply.ref()));
    return reply.receiveMessage(T).user();
  }

  static ChannelCommand.Joined join(Client c, String channel) {
    TestProbe<ChannelCommand.Reply> reply = nodes.get(c.node()).createTestProbe();
    backends
        .get(c.node())
        .channel(channel)
        .tell(new ChannelCommand.Join(channel, channel, c.user(), null, reply.ref()));
    ChannelCommand.Reply r = reply.receiveMessage(T);
    assertTrue(r instanceof ChannelCommand.Joined, "joined: " + r);
    awaitLine(c, ":" + c.user().prefix() + " JOIN " + channel);
    return (ChannelCommand.Joined) r;
  }

  static ChannelCommand.Reply tell(
      Client c,
      String channel,
      java.util.function.Function<
              org.apache.pekko.actor.typed.ActorRef<ChannelCommand.Reply>, ChannelCommand>
          make) {
    TestProbe<ChannelCommand.Reply> reply = nodes.get(c.node()).createTestProbe();
    backends.get(c.node()).channel(channel).tell(make.apply(reply.ref()));
    return reply.receiveMessage(T);
  }

  static void say(Client c, String channel, String text) {
    backends
        .get(c.node())
        .channel(channel)
        .tell(new ChannelCommand.Message(channel, c.user(), "PRIVMSG", text, null));
  }

  static List<ChannelCommand.Member> members(int node, String channel) {
    TestProbe<ChannelCommand.Reply> reply = nodes.get(node).createTestProbe();
    backends.get(node).channel(channel).tell(new ChannelCommand.Members(channel, reply.ref()));
    return ((ChannelCommand.MembersAre) reply.receiveMessage(T)).members();
  }

  /** Receives lines until one equals {@code line}; returns it. */
  static SessionEvent.Deliver awaitLine(Client c, String line) {
    return awaitLine(c, line, T);
  }

  static SessionEvent.Deliver awaitLine(Client c, String line, Duration max) {
    List<SessionEvent> got =
        c.session()
            .fishForMessage(
                max,
                "line " + line,
                e ->
                    e instanceof SessionEvent.Deliver d && d.line().equals(line)
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore());
    return (SessionEvent.Deliver) got.get(got.size() - 1);
  }

  static String quitLine(Client c, String reason) {
    return ":" + c.user().prefix() + " QUIT :" + reason;
  }

  static void awaitFree(int node, String nick, Duration max) {
    TestProbe<Object> probe = nodes.get(node).createTestProbe();
    probe.awaitAssert(
        max,
        Duration.ofMillis(200),
        () -> {
          assertNull(lookup(node, nick), nick + " is free");
          return null;
        });
  }

  // ---- nicks ---------------------------------------------------------------------------------

  @Test
  @Order(1)
  void aNickIsUniqueAcrossNodes() {
    Client alice = client(0, "alice");
    Client other = client(1, "Alice");
    assertEquals(new NickCommand.Granted("alice"), claim(alice, "alice"));
    assertEquals(new NickCommand.InUse("alice"), claim(other, "alice"));
    assertEquals(new NickCommand.Granted("alice"), claim(alice, "alice"), "owner claims again");
    UserInfo found = lookup(2, "alice");
    assertNotNull(found);
    assertEquals("alice", found.nick());
    assertEquals(alice.session().ref().path().name(), found.session().path().name());

    // Only the owner can release or update it.
    backends.get(1).nicks().tell(new NickCommand.Release("alice", other.session().ref()));
    backends.get(1).nicks().tell(new NickCommand.Update("alice", other.user()));
    assertEquals("alice", lookup(2, "alice").nick());
    // (Looked up through the same node's router, so after the update and the release.)
    backends.get(0).nicks().tell(new NickCommand.Update("alice", alice.user().withAway("lunch")));
    assertEquals("lunch", lookup(0, "alice").away());
    backends.get(0).nicks().tell(new NickCommand.Release("alice", alice.session().ref()));
    assertNull(lookup(0, "alice"));
    assertEquals(new NickCommand.Granted("alice"), claim(other, "alice"));

    // The owner's session stops: the nick is free (death watch, across nodes).
    other.session().stop();
    awaitFree(2, "alice", T);
  }

  @Test
  @Order(2)
  void concurrentClaimsOfOneNickOnThreeNodesHaveExactlyOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 20; round++) {
        String nick = "racer" + round;
        CyclicBarrier barrier = new CyclicBarrier(3);
        List<Future<NickCommand.ClaimReply>> replies = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
          Client c = client(node, nick);
          replies.add(
              pool.submit(
                  () -> {
                    TestProbe<NickCommand.ClaimReply> reply = nodes.get(c.node()).createTestProbe();
                    barrier.await(5, TimeUnit.SECONDS);
                    backends
                        .get(c.node())
                        .nicks()
                        .tell(new NickCommand.Claim(nick, c.user(), reply.ref()));
                    return reply.receiveMessage(T);
                  }));
        }
        int granted = 0;
        int inUse = 0;
        for (Future<NickCommand.ClaimReply> f : replies) {
          NickCommand.ClaimReply r = f.get(15, TimeUnit.SECONDS);
          if (r instanceof NickCommand.Granted) granted++;
          if (r instanceof NickCommand.InUse) inUse++;
        }
        assertEquals(1, granted, "round " + round + ": exactly one winner");
        assertEquals(2, inUse, "round " + round + ": two refused");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- channels ------------------------------------------------------------------------------

  static Client alice;
  static Client bob;
  static Client carol;

  @Test
  @Order(3)
  void aChannelSpansNodes() {
    alice = client(0, "alice");
    bob = client(1, "bob");
    carol = client(2, "carol");
    for (Client c : List.of(alice, bob, carol)) {
      assertEquals(new NickCommand.Granted(c.user().nick()), claim(c, c.user().nick()));
    }
    ChannelCommand.Joined first = join(alice, "#chat");
    assertEquals(1, first.members().size());
    assertTrue(first.members().get(0).operator(), "first member is operator");
    join(bob, "#chat");
    awaitLine(alice, ":" + bob.user().prefix() + " JOIN #chat");
    ChannelCommand.Joined third = join(carol, "#chat");
    assertEquals(3, third.members().size());
    awaitLine(alice, ":" + carol.user().prefix() + " JOIN #chat");
    awaitLine(bob, ":" + carol.user().prefix() + " JOIN #chat");

    say(carol, "#chat", "hello from node 2");
    String line = ":" + carol.user().prefix() + " PRIVMSG #chat :hello from node 2";
    awaitLine(alice, line);
    awaitLine(bob, line);
    say(alice, "#chat", "hi carol");
    awaitLine(carol, ":" + alice.user().prefix() + " PRIVMSG #chat :hi carol");
    // The sender does not get its own message back.
    carol.session().expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  @Order(4)
  void topicNickPartAndQuitReachOtherNodes() {
    assertEquals(
        new ChannelCommand.Done("#chat"),
        tell(
            alice,
            "#chat",
            r -> new ChannelCommand.Topic("#chat", alice.user(), "cluster talk", r)));
    String topic = ":" + alice.user().prefix() + " TOPIC #chat :cluster talk";
    awaitLine(bob, topic);
    awaitLine(carol, topic);
    ChannelCommand.Reply is =
        tell(carol, "#chat", r -> new ChannelCommand.Topic("#chat", carol.user(), null, r));
    assertEquals("cluster talk", ((ChannelCommand.TopicIs) is).topic());

    // NICK: the session claims the new nick, tells its channels, releases the old one.
    assertEquals(new NickCommand.Granted("robert"), claim(bob, "robert"));
    UserInfo robert = bob.user().withNick("robert");
    backends
        .get(1)
        .channel("#chat")
        .tell(new ChannelCommand.NickChanged("#chat", bob.user(), robert, "nick:1"));
    backends.get(1).nicks().tell(new NickCommand.Release("bob", bob.session().ref()));
    String nick = ":" + bob.user().prefix() + " NICK :robert";
    assertEquals("nick:1", awaitLine(alice, nick).dedupeKey());
    awaitLine(carol, nick);
    bob = new Client(1, robert, bob.session());
    awaitFree(0, "bob", T);

    // PART and QUIT of a fourth user on node 0.
    Client dan = client(0, "dan");
    join(dan, "#chat");
    awaitLine(carol, ":" + dan.user().prefix() + " JOIN #chat");
    assertEquals(
        new ChannelCommand.Done("#chat"),
        tell(dan, "#chat", r -> new ChannelCommand.Part("#chat", dan.user(), "bye", r)));
    awaitLine(bob, ":" + dan.user().prefix() + " PART #chat :bye");
    awaitLine(carol, ":" + dan.user().prefix() + " PART #chat :bye");
    join(dan, "#chat");
    backends
        .get(0)
        .channel("#chat")
        .tell(new ChannelCommand.Quit("#chat", dan.user(), "gone", "quit:dan"));
    assertEquals("quit:dan", awaitLine(carol, quitLine(dan, "gone")).dedupeKey());
    awaitLine(bob, quitLine(dan, "gone"));
  }

  @Test
  @Order(5)
  void listAndLusersSeeTheWholeNetwork() {
    for (int node = 0; node < 3; node++) {
      ClusterChatBackend backend = backends.get(node);
      TestProbe<ChannelCommand.ChannelList> list = nodes.get(node).createTestProbe();
      list.awaitAssert(
          T,
          Duration.ofMillis(100),
          () -> {
            backend.listChannels(list.ref());
            ChannelCommand.ChannelList l = list.receiveMessage(T);
            assertTrue(
                l.channels()
                    .contains(new ChannelCommand.ChannelSummary("#chat", 3, "cluster talk")),
                "LIST " + l);
            return null;
          });
      TestProbe<ChannelCommand.NetworkCounts> counts = nodes.get(node).createTestProbe();
      int n = node;
      counts.awaitAssert(
          T,
          Duration.ofMillis(100),
          () -> {
            backend.counts(counts.ref());
            ChannelCommand.NetworkCounts c = counts.receiveMessage(T);
            // alice, robert, carol and the 20 race winners hold nicks.
            assertEquals(23, c.users(), "users " + c);
            assertEquals(4, c.servers(), "servers " + c);
            assertTrue(c.channels() >= 1, "channels " + c);
            assertTrue(c.localUsers() >= 1, "node " + n + " local " + c);
            return null;
          });
    }
  }

  // ---- losing nodes --------------------------------------------------------------------------

  @Test
  @Order(6)
  void aCrashedNodesUsersQuitAndItsChannelsAreRestored() {
    Client dave = client(3, "dave");
    assertEquals(new NickCommand.Granted("dave"), claim(dave, "dave"));
    // dave creates #crash (its entity runs on node 3, dave's node), alice joins it; both in #chat.
    join(dave, "#crash");
    join(alice, "#crash");
    awaitLine(dave, ":" + alice.user().prefix() + " JOIN #crash");
    assertEquals(
        new ChannelCommand.Done("#crash"),
        tell(dave, "#crash", r -> new ChannelCommand.Topic("#crash", dave.user(), "on node 3", r)));
    join(dave, "#chat");
    awaitLine(alice, ":" + dave.user().prefix() + " JOIN #chat");
    awaitLine(carol, ":" + dave.user().prefix() + " JOIN #chat");
    // Let the snapshot of #crash (with alice in it) reach the other nodes.
    TestProbe<ChannelCommand.ChannelList> list = nodes.get(0).createTestProbe();
    list.awaitAssert(
        T,
        Duration.ofMillis(100),
        () -> {
          backends.get(0).listChannels(list.ref());
          assertTrue(
              list.receiveMessage(T)
                  .channels()
                  .contains(new ChannelCommand.ChannelSummary("#crash", 2, "on node 3")));
          return null;
        });

    Address crashed = ClusterTestNodes.address(nodes.get(3));
    nodes.get(3).system().terminate(); // no leaving: the others see it unreachable, SBR downs it
    nodes
        .get(3)
        .system()
        .getWhenTerminated()
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();

    // carol (only in #chat, whose entity is on node 0) and alice (in both) see dave quit; all
    // QUIT lines for dave carry one dedupe key, so a session writes one.
    String reason = ChannelEntity.QUIT_REASON;
    Set<String> keys = new HashSet<>();
    SessionEvent.Deliver toCarol = awaitLine(carol, quitLine(dave, reason), LOSS);
    keys.add(toCarol.dedupeKey());
    for (int i = 0; i < 2; i++) {
      List<SessionEvent> got =
          alice
              .session()
              .fishForMessage(
                  LOSS,
                  "dave's QUIT",
                  e ->
                      e instanceof SessionEvent.Deliver d
                              && d.line().startsWith(":" + dave.user().prefix() + " QUIT")
                          ? FishingOutcomes.complete()
                          : FishingOutcomes.continueAndIgnore());
      keys.add(((SessionEvent.Deliver) got.get(got.size() - 1)).dedupeKey());
    }
    assertEquals(1, keys.size(), "one dedupe key for dave's QUIT: " + keys);
    assertTrue(keys.iterator().next().startsWith("quit:"), "key " + keys);

    ClusterTestNodes.awaitUp(nodes.subList(0, 3), 3);
    awaitFree(1, "dave", T);

    // #crash lives on with alice, its topic and its rules; robert can join and talk to alice.
    List<ChannelCommand.Member> left = members(1, "#crash");
    assertEquals(1, left.size(), "members " + left);
    assertEquals("alice", left.get(0).user().nick());
    assertFalse(left.get(0).operator(), "alice was not operator before");
    ChannelCommand.Reply t =
        tell(bob, "#crash", r -> new ChannelCommand.Topic("#crash", bob.user(), null, r));
    assertEquals("on node 3", ((ChannelCommand.TopicIs) t).topic());
    join(bob, "#crash");
    awaitLine(alice, ":" + bob.user().prefix() + " JOIN #crash");
    say(bob, "#crash", "still here?");
    awaitLine(alice, ":" + bob.user().prefix() + " PRIVMSG #crash :still here?");
    assertFalse(crashed.equals(ClusterTestNodes.address(nodes.get(0))));
  }

  @Test
  @Order(7)
  void aLeavingNodesUsersQuitAndItsChannelsMoveOn() {
    // carol (node 2) creates #leave (entity on node 2); alice and robert join.
    join(carol, "#leave");
    join(alice, "#leave");
    join(bob, "#leave");
    awaitLine(alice, ":" + bob.user().prefix() + " JOIN #leave");
    TestProbe<ChannelCommand.ChannelList> list = nodes.get(0).createTestProbe();
    list.awaitAssert(
        T,
        Duration.ofMillis(100),
        () -> {
          backends.get(0).listChannels(list.ref());
          assertTrue(
              list.receiveMessage(T)
                  .channels()
                  .contains(new ChannelCommand.ChannelSummary("#leave", 3, "")));
          return null;
        });

    Cluster.get(nodes.get(0).system())
        .manager()
        .tell(Leave.create(ClusterTestNodes.address(nodes.get(2))));
    nodes
        .get(2)
        .system()
        .getWhenTerminated()
        .toCompletableFuture()
        .orTimeout(20, TimeUnit.SECONDS)
        .join();

    for (Client c : List.of(alice, bob)) {
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < 2; i++) { // #chat and #leave
        List<SessionEvent> got =
            c.session()
                .fishForMessage(
                    LOSS,
                    c.user().nick() + " gets carol's QUIT",
                    e ->
                        e instanceof SessionEvent.Deliver d
                                && d.line().startsWith(":" + carol.user().prefix() + " QUIT")
                            ? FishingOutcomes.complete()
                            : FishingOutcomes.continueAndIgnore());
        keys.add(((SessionEvent.Deliver) got.get(got.size() - 1)).dedupeKey());
      }
      assertEquals(1, keys.size(), "one dedupe key for carol's QUIT: " + keys);
    }
    awaitFree(0, "carol", T);
    say(alice, "#leave", "carol left");
    awaitLine(bob, ":" + alice.user().prefix() + " PRIVMSG #leave :carol left");
    assertEquals(2, members(1, "#leave").size());
  }

  static FishingOutcome ignore() {
    return FishingOutcomes.continueAndIgnore();
  }
}
