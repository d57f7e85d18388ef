package org.wskactors.samples.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * Everything that crosses nodes in cluster mode is written by Jackson CBOR (the binding of
 * cluster.conf) and reads back equal, actor refs included; nothing needs Java serialization, which
 * stays off. The DData values (nick owners, channel snapshots) go through Pekko's replicated-data
 * serializer with the same binding for their elements.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterSerializationTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(ClusterTestNodes.SYSTEM_NAME, ClusterTestNodes.config(""));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Serializer serializer = serialization.findSerializerFor(message);
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  static void assertCbor(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    assertEquals(
        "JacksonCborSerializer",
        serialization.findSerializerFor(message).getClass().getSimpleName(),
        message.getClass().getName());
    assertEquals(message, roundTrip(message));
  }

  @Test
  void theSeamsMessagesAreJacksonCbor() {
    TestProbe<SessionEvent> session = testKit.createTestProbe();
    TestProbe<ChannelCommand.Reply> reply = testKit.createTestProbe();
    TestProbe<NickCommand.ClaimReply> claim = testKit.createTestProbe();
    TestProbe<NickCommand.Found> found = testKit.createTestProbe();
    TestProbe<SessionEvent.WhoisInfo> whois = testKit.createTestProbe();
    UserInfo u =
        new UserInfo("Alice", "~a", "127.0.0.1", "Alice A", null, "irc0.test", 1L, session.ref());
    UserInfo v = u.withNick("alice_").withAway("away");
    ChannelCommand.Member m = new ChannelCommand.Member(u, true, false);
    ActorRef<ChannelCommand.Reply> r = reply.ref();
    List<Object> messages =
        List.of(
            u,
            new NickCommand.Claim("alice", u, claim.ref()),
            new NickCommand.Release("alice", session.ref()),
            new NickCommand.Update("alice", v),
            new NickCommand.Lookup("alice", found.ref()),
            new NickCommand.Granted("alice"),
            new NickCommand.InUse("alice"),
            new NickCommand.Found("alice", u),
            new NickCommand.Found("nobody", null),
            new ChannelCommand.Join("#c", "#C", u, null, r),
            new ChannelCommand.Join("#c", "#C", u, "key", r),
            new ChannelCommand.Part("#c", u, "bye", r),
            new ChannelCommand.Message("#c", u, "PRIVMSG", "hello é ☃", null),
            new ChannelCommand.Topic("#c", u, null, r),
            new ChannelCommand.Mode("#c", u, List.of("+ol", "bob", "10"), r),
            new ChannelCommand.Kick("#c", u, "bob", "out", r),
            new ChannelCommand.Invite("#c", u, v, r),
            new ChannelCommand.Members("#c", r),
            new ChannelCommand.Quit("#c", u, "Connection closed", "quit:x"),
            new ChannelCommand.NickChanged("#c", u, v, "nick:1"),
            new ChannelCommand.Done("#C"),
            new ChannelCommand.Refused("#C", 441, List.of("bob"), "They aren't on that channel"),
            new ChannelCommand.Joined("#C", "t", "a!b@c", 5L, List.of(m), true),
            new ChannelCommand.TopicIs("#C", null, null, 0L),
            new ChannelCommand.MembersAre("#C", List.of(m), false),
            new ChannelCommand.ModesAre("#C", "+ntk", List.of("key"), 7L),
            new ChannelCommand.BansAre("#C", List.of("*!*@bad")),
            new ChannelCommand.ChannelList(List.of(new ChannelCommand.ChannelSummary("#C", 2, ""))),
            new ChannelCommand.NetworkCounts(3, 1, 2, 3, 1),
            new SessionEvent.Deliver(":a!b@c PRIVMSG #C :x", null),
            new SessionEvent.LeftChannel("#c"),
            new SessionEvent.WhoisQuery(whois.ref()),
            new SessionEvent.WhoisInfo(u, List.of("@#C"), 3L),
            new ChannelSnapshot(
                "#C",
                "t",
                "a!b@c",
                5L,
                List.of(m),
                false,
                "+ntl",
                List.of("10"),
                7L,
                List.of("*!*@bad"),
                "pekko://x@127.0.0.1:1"));
    for (Object message : messages) assertCbor(message);
  }

  @Test
  void theDistributedDataMapsSerialize() {
    TestProbe<SessionEvent> session = testKit.createTestProbe();
    SelfUniqueAddress self = DistributedData.get(testKit.system()).selfUniqueAddress();
    UserInfo u = new UserInfo("bob", "~b", "h", "Bob", null, "irc1.test", 2L, session.ref());
    LWWMap<String, UserInfo> owners = LWWMap.<String, UserInfo>create().put(self, "bob", u);
    assertEquals(owners.getEntries(), ((LWWMap<?, ?>) roundTrip(owners)).getEntries());
    ChannelSnapshot s =
        new ChannelSnapshot(
            "#D",
            null,
            null,
            0L,
            List.of(new ChannelCommand.Member(u, false, true)),
            true,
            "+nts",
            List.of(),
            1L,
            List.of(),
            "pekko://x@127.0.0.1:2");
    LWWMap<String, ChannelSnapshot> channels =
        LWWMap.<String, ChannelSnapshot>create().put(self, "#d", s);
    assertEquals(channels.getEntries(), ((LWWMap<?, ?>) roundTrip(channels)).getEntries());
  }
}
