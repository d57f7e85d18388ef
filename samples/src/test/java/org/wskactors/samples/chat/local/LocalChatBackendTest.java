package org.wskactors.samples.chat.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.ChatSettings;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * The single-node backend: the nick registry's rules and death watch, the channel router's lazy
 * channels, its drain-before-stop (no JOIN is lost when a channel empties at the same moment), and
 * the LIST and LUSERS answers.
 */
@ExtendWith(LogCapturingExtension.class)
class LocalChatBackendTest {
  static final ActorTestKit testKit = ActorTestKit.create("LocalChatBackendTest");
  static final Duration T = Duration.ofSeconds(5);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static LocalChatBackend backend() {
    ChatSettings settings =
        ChatSettings.create(
            ConfigFactory.parseString("wsk-chat.server-name = \"irc.local.test\"")
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .resolve());
    TestProbe<LocalChatBackend> made = testKit.createTestProbe();
    testKit.spawn(
        Behaviors.<Void>setup(
            ctx -> {
              made.ref().tell(LocalChatBackend.spawn(ctx, settings));
              return Behaviors.empty();
            }));
    return made.receiveMessage(T);
  }

  static UserInfo user(String nick, ActorRef<SessionEvent> session) {
    return new UserInfo(nick, "~u", "10.0.0.1", "R", null, "irc.local.test", 1, session);
  }

  @Test
  void theRegistryGivesANickToOneSessionAndFreesItWhenTheSessionStops() {
    LocalChatBackend b = backend();
    ActorRef<SessionEvent> one = testKit.spawn(Behaviors.ignore());
    ActorRef<SessionEvent> two = testKit.spawn(Behaviors.ignore());
    TestProbe<NickCommand.ClaimReply> claims = testKit.createTestProbe();
    TestProbe<NickCommand.Found> found = testKit.createTestProbe();
    b.nicks().tell(new NickCommand.Claim("alice", user("Alice", one), claims.ref()));
    assertEquals(new NickCommand.Granted("alice"), claims.receiveMessage(T));
    b.nicks().tell(new NickCommand.Claim("alice", user("ALICE", two), claims.ref()));
    assertEquals(new NickCommand.InUse("alice"), claims.receiveMessage(T));
    b.nicks().tell(new NickCommand.Claim("alice", user("Alice", one), claims.ref()));
    assertEquals(new NickCommand.Granted("alice"), claims.receiveMessage(T), "its own nick again");
    b.nicks().tell(new NickCommand.Release("alice", two));
    b.nicks().tell(new NickCommand.Update("alice", user("Mallory", two)));
    b.nicks().tell(new NickCommand.Lookup("alice", found.ref()));
    assertEquals(
        user("Alice", one), found.receiveMessage(T).user(), "others cannot release or update");
    b.nicks().tell(new NickCommand.Update("alice", user("Alice", one).withAway("out")));
    b.nicks().tell(new NickCommand.Lookup("alice", found.ref()));
    assertEquals("out", found.receiveMessage(T).user().away());
    testKit.stop(one);
    found.awaitAssert(
        T,
        () -> {
          b.nicks().tell(new NickCommand.Lookup("alice", found.ref()));
          assertNull(found.receiveMessage(T).user());
          return null;
        });
    b.nicks().tell(new NickCommand.Claim("alice", user("Alice", two), claims.ref()));
    assertEquals(new NickCommand.Granted("alice"), claims.receiveMessage(T));
    b.nicks().tell(new NickCommand.Release("alice", two));
    b.nicks().tell(new NickCommand.Lookup("alice", found.ref()));
    assertNull(found.receiveMessage(T).user());
  }

  @Test
  void noJoinIsLostWhileChannelsEmptyAndStop() {
    LocalChatBackend b = backend();
    TestProbe<SessionEvent> aliceSession = testKit.createTestProbe();
    TestProbe<SessionEvent> bobSession = testKit.createTestProbe();
    UserInfo alice = user("Alice", aliceSession.ref());
    UserInfo bob = user("Bob", bobSession.ref());
    TestProbe<ChannelCommand.Reply> replies = testKit.createTestProbe();
    for (int i = 0; i < 300; i++) {
      // alice makes the channel and leaves it empty while bob's JOIN is on its way
      b.channel("#race")
          .tell(new ChannelCommand.Join("#race", "#race", alice, null, replies.ref()));
      b.channel("#race").tell(new ChannelCommand.Part("#race", alice, null, replies.ref()));
      b.channel("#race").tell(new ChannelCommand.Join("#race", "#race", bob, null, replies.ref()));
      b.channel("#race").tell(new ChannelCommand.Part("#race", bob, null, replies.ref()));
      assertInstanceOf(ChannelCommand.Joined.class, replies.receiveMessage(T), "round " + i);
      assertInstanceOf(ChannelCommand.Done.class, replies.receiveMessage(T), "round " + i);
      ChannelCommand.Joined bobJoined =
          assertInstanceOf(ChannelCommand.Joined.class, replies.receiveMessage(T), "round " + i);
      assertEquals(1, bobJoined.members().size(), "bob found a fresh channel or alice gone");
      assertInstanceOf(ChannelCommand.Done.class, replies.receiveMessage(T), "round " + i);
    }
    TestProbe<Integer> count = testKit.createTestProbe();
    count.awaitAssert(
        T,
        () -> {
          b.router().tell(new LocalChannelRouter.GetChannelCount(count.ref()));
          assertEquals(0, count.receiveMessage(T), "empty channels are stopped and forgotten");
          return null;
        });
  }

  @Test
  void listAndCountsDescribeTheNetwork() {
    LocalChatBackend b = backend();
    TestProbe<SessionEvent> session = testKit.createTestProbe();
    UserInfo alice = user("Alice", session.ref());
    TestProbe<NickCommand.ClaimReply> claims = testKit.createTestProbe();
    b.nicks().tell(new NickCommand.Claim("alice", alice, claims.ref()));
    claims.receiveMessage(T);
    TestProbe<ChannelCommand.Reply> replies = testKit.createTestProbe();
    for (String name : List.of("#Zeta", "#alpha", "#secret")) {
      String folded = name.toLowerCase();
      b.channel(folded).tell(new ChannelCommand.Join(folded, name, alice, null, replies.ref()));
      replies.expectMessageClass(ChannelCommand.Joined.class, T);
    }
    b.channel("#alpha").tell(new ChannelCommand.Topic("#alpha", alice, "first", replies.ref()));
    replies.expectMessageClass(ChannelCommand.Done.class, T);
    b.channel("#secret")
        .tell(new ChannelCommand.Mode("#secret", alice, List.of("+s"), replies.ref()));
    replies.expectMessageClass(ChannelCommand.Done.class, T);
    TestProbe<ChannelCommand.ChannelList> list = testKit.createTestProbe();
    b.listChannels(list.ref());
    assertEquals(
        List.of(
            new ChannelCommand.ChannelSummary("#alpha", 1, "first"),
            new ChannelCommand.ChannelSummary("#Zeta", 1, "")),
        list.receiveMessage(T).channels());
    TestProbe<ChannelCommand.NetworkCounts> counts = testKit.createTestProbe();
    b.counts(counts.ref());
    assertEquals(new ChannelCommand.NetworkCounts(1, 0, 3, 1, 1), counts.receiveMessage(T));
    assertEquals("irc.local.test", b.serverName());
  }
}
