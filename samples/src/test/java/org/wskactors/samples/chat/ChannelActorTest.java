package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.ChannelCommand.BansAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Done;
import org.wskactors.samples.chat.backend.ChannelCommand.Joined;
import org.wskactors.samples.chat.backend.ChannelCommand.Member;
import org.wskactors.samples.chat.backend.ChannelCommand.MembersAre;
import org.wskactors.samples.chat.backend.ChannelCommand.ModesAre;
import org.wskactors.samples.chat.backend.ChannelCommand.Refused;
import org.wskactors.samples.chat.backend.ChannelCommand.Reply;
import org.wskactors.samples.chat.backend.ChannelCommand.TopicIs;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.SessionEvent.Deliver;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * {@link ChannelActor} with test probes as sessions and {@code replyTo}: every command, every mode,
 * every refusal numeric, the broadcasts and their dedupe keys, watched sessions, and both answers
 * of {@code whenEmpty} (stop, or stay and serve the next JOIN).
 */
@ExtendWith(LogCapturingExtension.class)
class ChannelActorTest {
  static final ActorTestKit testKit = ActorTestKit.create("ChannelActorTest");
  static final Duration T = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(200);
  static final AtomicInteger names = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A user and the probe that is its session. */
  record U(UserInfo info, TestProbe<SessionEvent> session) {
    String prefix() {
      return info.prefix();
    }

    void expectLine(String line) {
      assertEquals(new Deliver(line, null), session.expectMessageClass(Deliver.class, T));
    }

    void expectLine(String line, String key) {
      assertEquals(new Deliver(line, key), session.expectMessageClass(Deliver.class, T));
    }
  }

  static U user(String nick) {
    TestProbe<SessionEvent> p = testKit.createTestProbe();
    return new U(
        new UserInfo(
            nick,
            "~" + nick.toLowerCase(),
            "10.0.0.1",
            "Real " + nick,
            null,
            "irc.test",
            1,
            p.ref()),
        p);
  }

  final TestProbe<Reply> replies = testKit.createTestProbe();

  ActorRef<ChannelCommand> channel(String name) {
    return testKit.spawn(
        ChannelActor.create(name.toLowerCase(), "irc.test", ctx -> Behaviors.stopped()),
        "ch-" + names.incrementAndGet());
  }

  <R extends Reply> R reply(Class<R> type) {
    return replies.expectMessageClass(type, T);
  }

  void refused(int numeric, List<String> params) {
    Refused r = reply(Refused.class);
    assertEquals(numeric, r.numeric(), r.toString());
    assertEquals(params, r.params(), r.toString());
  }

  Joined join(ActorRef<ChannelCommand> ch, String display, U u, String key, U... members) {
    ch.tell(new ChannelCommand.Join(display.toLowerCase(), display, u.info(), key, replies.ref()));
    Joined j = reply(Joined.class);
    String line = ":" + u.prefix() + " JOIN " + j.channel();
    u.expectLine(line);
    for (U m : members) m.expectLine(line);
    return j;
  }

  /** A channel #Chan with alice (operator) and bob. */
  record Two(ActorRef<ChannelCommand> ch, U alice, U bob) {}

  Two two() {
    ActorRef<ChannelCommand> ch = channel("#Chan");
    U alice = user("Alice");
    U bob = user("Bob");
    join(ch, "#Chan", alice, null);
    join(ch, "#Chan", bob, null, alice);
    return new Two(ch, alice, bob);
  }

  void mode(Two t, U by, String... changes) {
    t.ch().tell(new ChannelCommand.Mode("#chan", by.info(), List.of(changes), replies.ref()));
  }

  // ---- JOIN ----------------------------------------------------------------------------------

  @Test
  void theFirstMemberIsOperatorAndEveryoneSeesEachJoin() {
    ActorRef<ChannelCommand> ch = channel("#Chan");
    U alice = user("Alice");
    U bob = user("Bob");
    Joined first = join(ch, "#Chan", alice, null);
    assertEquals("#Chan", first.channel(), "the display name of the first JOIN");
    assertEquals(List.of(new Member(alice.info(), true, false)), first.members());
    assertNull(first.topic());
    Joined second = join(ch, "#CHAN", bob, null, alice);
    assertEquals("#Chan", second.channel(), "the channel keeps its first display name");
    assertEquals(
        List.of(new Member(alice.info(), true, false), new Member(bob.info(), false, false)),
        second.members());
    ch.tell(new ChannelCommand.Join("#chan", "#chan", bob.info(), null, replies.ref()));
    assertEquals(new Done("#Chan"), reply(Done.class), "joining twice changes nothing");
    bob.session().expectNoMessage(QUIET);
  }

  @Test
  void inviteOnlyKeyLimitAndBansRefuseJoins() {
    Two t = two();
    U carol = user("Carol");
    mode(t, t.alice(), "+i");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol.info(), null, replies.ref()));
    refused(473, List.of());
    mode(t, t.alice(), "-i+k", "sesame");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol.info(), "wrong", replies.ref()));
    refused(475, List.of());
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol.info(), null, replies.ref()));
    refused(475, List.of());
    mode(t, t.alice(), "-k+l", "sesame", "2"); // -k takes the key (RFC 2812)
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol.info(), null, replies.ref()));
    refused(471, List.of());
    mode(t, t.alice(), "-l+b", "carol");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol.info(), null, replies.ref()));
    refused(474, List.of());
    mode(t, t.alice(), "-b", "carol!*@*");
    reply(Done.class);
    t.alice().session().receiveSeveralMessages(5, T); // the five MODE lines
    t.bob().session().receiveSeveralMessages(5, T);
    join(t.ch(), "#chan", carol, null, t.alice(), t.bob());
  }

  @Test
  void anInvitationOpensInviteOnlyAndFullChannels() {
    Two t = two();
    U carol = user("Carol");
    mode(t, t.alice(), "+il", "2");
    reply(Done.class);
    t.alice().expectLine(":" + t.alice().prefix() + " MODE #Chan +il 2");
    t.bob().expectLine(":" + t.alice().prefix() + " MODE #Chan +il 2");
    t.ch().tell(new ChannelCommand.Invite("#chan", t.alice().info(), carol.info(), replies.ref()));
    carol.expectLine(":" + t.alice().prefix() + " INVITE Carol :#Chan");
    assertEquals(new Done("#Chan"), reply(Done.class));
    join(t.ch(), "#chan", carol, null, t.alice(), t.bob());
  }

  // ---- PART, QUIT, NICK, session loss --------------------------------------------------------

  @Test
  void partIsSeenByEveryoneAndRefusedToNonMembers() {
    Two t = two();
    t.ch().tell(new ChannelCommand.Part("#chan", t.bob().info(), "see you", replies.ref()));
    String line = ":" + t.bob().prefix() + " PART #Chan :see you";
    t.bob().expectLine(line);
    t.alice().expectLine(line);
    assertEquals(new Done("#Chan"), reply(Done.class));
    t.ch().tell(new ChannelCommand.Part("#chan", t.bob().info(), null, replies.ref()));
    refused(442, List.of());
    t.ch().tell(new ChannelCommand.Part("#chan", t.alice().info(), null, replies.ref()));
    t.alice().expectLine(":" + t.alice().prefix() + " PART #Chan");
    reply(Done.class);
    testKit.createTestProbe().expectTerminated(t.ch(), T); // whenEmpty said stop
  }

  @Test
  void commandsToAnEmptyChannelAreRefusedAndStopIt() {
    U alice = user("Alice");
    for (ChannelCommand c :
        List.<ChannelCommand>of(
            new ChannelCommand.Part("#none", alice.info(), null, replies.ref()),
            new ChannelCommand.Topic("#none", alice.info(), null, replies.ref()),
            new ChannelCommand.Mode("#none", alice.info(), List.of(), replies.ref()),
            new ChannelCommand.Kick("#none", alice.info(), "bob", null, replies.ref()),
            new ChannelCommand.Invite("#none", alice.info(), user("Bob").info(), replies.ref()))) {
      ActorRef<ChannelCommand> ch = channel("#none");
      ch.tell(c);
      Refused r = reply(Refused.class);
      assertEquals(403, r.numeric(), c.toString());
      assertEquals("#none", r.channel());
      testKit.createTestProbe().expectTerminated(ch, T);
    }
    ActorRef<ChannelCommand> ch = channel("#none");
    ch.tell(new ChannelCommand.Message("#none", alice.info(), "PRIVMSG", "hi", replies.ref()));
    assertEquals(401, reply(Refused.class).numeric());
    testKit.createTestProbe().expectTerminated(ch, T);
    ch = channel("#none");
    ch.tell(new ChannelCommand.Members("#none", replies.ref()));
    assertEquals(new MembersAre("#none", List.of(), false), reply(MembersAre.class));
    testKit.createTestProbe().expectTerminated(ch, T);
  }

  @Test
  void quitGoesToTheOthersWithItsDedupeKey() {
    Two t = two();
    t.ch().tell(new ChannelCommand.Quit("#chan", t.bob().info(), "Quit: bye", "quit:bob"));
    t.alice().expectLine(":" + t.bob().prefix() + " QUIT :Quit: bye", "quit:bob");
    t.bob().session().expectNoMessage(QUIET);
    t.ch().tell(new ChannelCommand.Members("#chan", replies.ref()));
    assertEquals(
        List.of(new Member(t.alice().info(), true, false)), reply(MembersAre.class).members());
  }

  @Test
  void nickChangesGoToTheOthersAndAnAwayChangeIsSilent() {
    Two t = two();
    UserInfo robert = t.bob().info().withNick("Robert");
    t.ch().tell(new ChannelCommand.NickChanged("#chan", t.bob().info(), robert, "nick:1"));
    t.alice().expectLine(":" + t.bob().prefix() + " NICK :Robert", "nick:1");
    UserInfo away = robert.withAway("lunch");
    t.ch().tell(new ChannelCommand.NickChanged("#chan", robert, away, null));
    t.ch().tell(new ChannelCommand.Members("#chan", replies.ref()));
    assertEquals(new Member(away, false, false), reply(MembersAre.class).members().get(1));
    t.alice().session().expectNoMessage(QUIET);
    t.bob().session().expectNoMessage(QUIET);
    mode(t, t.alice(), "+v", "robert");
    t.alice().expectLine(":" + t.alice().prefix() + " MODE #Chan +v Robert");
    reply(Done.class);
  }

  @Test
  void aStoppedSessionQuitsWithConnectionClosed() {
    Two t = two();
    TestProbe<SessionEvent> forwarded = testKit.createTestProbe();
    ActorRef<SessionEvent> session =
        testKit.spawn(
            Behaviors.receive(SessionEvent.class)
                .onAnyMessage(
                    m -> {
                      forwarded.ref().tell(m);
                      return Behaviors.same();
                    })
                .build());
    UserInfo carol = new UserInfo("Carol", "~carol", "10.0.0.3", "C", null, "irc.test", 1, session);
    t.ch().tell(new ChannelCommand.Join("#chan", "#chan", carol, null, replies.ref()));
    reply(Joined.class);
    t.alice().expectLine(":" + carol.prefix() + " JOIN #Chan");
    t.bob().expectLine(":" + carol.prefix() + " JOIN #Chan");
    testKit.stop(session);
    String key = "quit:" + session.path();
    t.alice().expectLine(":" + carol.prefix() + " QUIT :Connection closed", key);
    t.bob().expectLine(":" + carol.prefix() + " QUIT :Connection closed", key);
  }

  // ---- PRIVMSG / NOTICE ----------------------------------------------------------------------

  @Test
  void messagesGoToEveryMemberButTheSender() {
    Two t = two();
    U carol = user("Carol");
    join(t.ch(), "#chan", carol, null, t.alice(), t.bob());
    t.ch()
        .tell(
            new ChannelCommand.Message(
                "#chan", t.bob().info(), "PRIVMSG", "hello all", replies.ref()));
    String line = ":" + t.bob().prefix() + " PRIVMSG #Chan :hello all";
    t.alice().expectLine(line);
    carol.expectLine(line);
    t.bob().session().expectNoMessage(QUIET);
    replies.expectNoMessage(QUIET);
    t.ch().tell(new ChannelCommand.Message("#chan", t.bob().info(), "NOTICE", "note", null));
    t.alice().expectLine(":" + t.bob().prefix() + " NOTICE #Chan :note");
  }

  @Test
  void noExternalModeratedAndBannedMessagesAre404AndNoticesAreNeverAnswered() {
    Two t = two();
    U outsider = user("Eve");
    t.ch()
        .tell(
            new ChannelCommand.Message("#chan", outsider.info(), "PRIVMSG", "spam", replies.ref()));
    refused(404, List.of());
    t.ch()
        .tell(
            new ChannelCommand.Message("#chan", outsider.info(), "NOTICE", "spam", replies.ref()));
    replies.expectNoMessage(QUIET);
    mode(t, t.alice(), "-n");
    reply(Done.class);
    t.alice().expectLine(":" + t.alice().prefix() + " MODE #Chan -n");
    t.bob().expectLine(":" + t.alice().prefix() + " MODE #Chan -n");
    t.ch()
        .tell(
            new ChannelCommand.Message(
                "#chan", outsider.info(), "PRIVMSG", "from outside", replies.ref()));
    t.alice().expectLine(":" + outsider.prefix() + " PRIVMSG #Chan :from outside");
    t.bob().expectLine(":" + outsider.prefix() + " PRIVMSG #Chan :from outside");
    mode(t, t.alice(), "+m");
    reply(Done.class);
    t.alice().session().expectMessageClass(Deliver.class, T);
    t.bob().session().expectMessageClass(Deliver.class, T);
    t.ch()
        .tell(
            new ChannelCommand.Message("#chan", t.bob().info(), "PRIVMSG", "muted", replies.ref()));
    refused(404, List.of());
    mode(t, t.alice(), "-m+b", "*!*@10.0.0.1");
    reply(Done.class);
    t.alice().session().expectMessageClass(Deliver.class, T);
    t.bob().session().expectMessageClass(Deliver.class, T);
    t.ch()
        .tell(
            new ChannelCommand.Message(
                "#chan", t.bob().info(), "PRIVMSG", "banned", replies.ref()));
    refused(404, List.of());
    t.ch()
        .tell(
            new ChannelCommand.Message(
                "#chan", t.alice().info(), "PRIVMSG", "op speaks", replies.ref()));
    t.bob().expectLine(":" + t.alice().prefix() + " PRIVMSG #Chan :op speaks");
  }

  // ---- TOPIC ---------------------------------------------------------------------------------

  @Test
  void topicQuerySetAndProtection() {
    Two t = two();
    t.ch().tell(new ChannelCommand.Topic("#chan", t.bob().info(), null, replies.ref()));
    assertEquals(new TopicIs("#Chan", null, null, 0), reply(TopicIs.class));
    t.ch().tell(new ChannelCommand.Topic("#chan", t.bob().info(), "bob's topic", replies.ref()));
    refused(482, List.of());
    t.ch().tell(new ChannelCommand.Topic("#chan", user("Eve").info(), "x", replies.ref()));
    refused(442, List.of());
    t.ch()
        .tell(
            new ChannelCommand.Topic("#chan", t.alice().info(), "Welcome to #Chan", replies.ref()));
    String line = ":" + t.alice().prefix() + " TOPIC #Chan :Welcome to #Chan";
    t.alice().expectLine(line);
    t.bob().expectLine(line);
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Topic("#chan", user("Eve").info(), null, replies.ref()));
    TopicIs is = reply(TopicIs.class);
    assertEquals("Welcome to #Chan", is.topic());
    assertEquals(t.alice().prefix(), is.setBy());
    assertTrue(is.setAt() > 0);
    mode(t, t.alice(), "-t");
    reply(Done.class);
    t.alice().session().expectMessageClass(Deliver.class, T);
    t.bob().session().expectMessageClass(Deliver.class, T);
    t.ch().tell(new ChannelCommand.Topic("#chan", t.bob().info(), "", replies.ref()));
    t.alice().expectLine(":" + t.bob().prefix() + " TOPIC #Chan :");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Topic("#chan", t.bob().info(), null, replies.ref()));
    assertNull(reply(TopicIs.class).topic(), "an empty topic clears it");
    mode(t, t.alice(), "+s");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Topic("#chan", user("Eve").info(), null, replies.ref()));
    refused(442, List.of());
  }

  // ---- MODE ----------------------------------------------------------------------------------

  @Test
  void modeQueryShowsParametersToMembersOnly() {
    Two t = two();
    mode(t, t.alice(), "+kl", "sesame", "10");
    String line = ":" + t.alice().prefix() + " MODE #Chan +kl sesame 10";
    t.alice().expectLine(line);
    t.bob().expectLine(line);
    reply(Done.class);
    mode(t, t.bob());
    ModesAre member = reply(ModesAre.class);
    assertEquals("+ntkl", member.modes());
    assertEquals(List.of("sesame", "10"), member.modeParams());
    assertTrue(member.createdAt() > 0);
    t.ch().tell(new ChannelCommand.Mode("#chan", user("Eve").info(), List.of(), replies.ref()));
    ModesAre outsider = reply(ModesAre.class);
    assertEquals("+ntkl", outsider.modes());
    assertEquals(List.of(), outsider.modeParams());
  }

  @Test
  void modeChangesAreOneBroadcastOfWhatWasApplied() {
    Two t = two();
    mode(t, t.alice(), "+ov-n+im", "Bob", "bob");
    String line = ":" + t.alice().prefix() + " MODE #Chan +ov-n+im Bob Bob";
    t.alice().expectLine(line);
    t.bob().expectLine(line);
    reply(Done.class);
    mode(t, t.alice(), "+o", "bob");
    reply(Done.class);
    t.alice().session().expectNoMessage(QUIET); // nothing changed, nothing broadcast
    t.ch().tell(new ChannelCommand.Members("#chan", replies.ref()));
    assertEquals(new Member(t.bob().info(), true, true), reply(MembersAre.class).members().get(1));
    mode(t, t.alice(), "+s");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Members("#chan", replies.ref()));
    assertTrue(reply(MembersAre.class).secret());
  }

  @Test
  void modeErrorsAreTheFirstRefusalAfterApplyingTheRest() {
    Two t = two();
    mode(t, t.bob(), "+m");
    refused(482, List.of());
    mode(t, t.alice(), "+xm");
    t.alice().expectLine(":" + t.alice().prefix() + " MODE #Chan +m");
    t.bob().expectLine(":" + t.alice().prefix() + " MODE #Chan +m");
    refused(472, List.of("x"));
    mode(t, t.alice(), "+o");
    refused(461, List.of("MODE"));
    mode(t, t.alice(), "+k");
    refused(461, List.of("MODE"));
    mode(t, t.alice(), "+l");
    refused(461, List.of("MODE"));
    mode(t, t.alice(), "+v", "nobody");
    refused(441, List.of("nobody"));
    t.ch().tell(new ChannelCommand.Mode("#chan", user("Eve").info(), List.of("+i"), replies.ref()));
    refused(482, List.of());
  }

  @Test
  void banListAddRemoveAndQuery() {
    Two t = two();
    mode(t, t.alice(), "+bb", "eve", "*@10.9.9.9");
    String line = ":" + t.alice().prefix() + " MODE #Chan +bb eve!*@* *!*@10.9.9.9";
    t.alice().expectLine(line);
    t.bob().expectLine(line);
    reply(Done.class);
    mode(t, t.bob(), "+b");
    assertEquals(new BansAre("#Chan", List.of("eve!*@*", "*!*@10.9.9.9")), reply(BansAre.class));
    mode(t, t.alice(), "-b", "EVE!*@*");
    t.alice().expectLine(":" + t.alice().prefix() + " MODE #Chan -b eve!*@*");
    reply(Done.class);
    mode(t, t.alice(), "b");
    assertEquals(new BansAre("#Chan", List.of("*!*@10.9.9.9")), reply(BansAre.class));
  }

  @Test
  void atMostSixParameterChangesPerCommand() {
    Two t = two();
    mode(t, t.alice(), "+bbbbbbbb", "a", "b", "c", "d", "e", "f", "g", "h");
    reply(Done.class);
    mode(t, t.alice(), "+b");
    assertEquals(ChannelActor.MAX_MODE_CHANGES, reply(BansAre.class).masks().size());
  }

  // ---- KICK / INVITE -------------------------------------------------------------------------

  @Test
  void kickRules() {
    Two t = two();
    U eve = user("Eve");
    t.ch().tell(new ChannelCommand.Kick("#chan", eve.info(), "bob", null, replies.ref()));
    refused(442, List.of());
    t.ch().tell(new ChannelCommand.Kick("#chan", t.bob().info(), "alice", null, replies.ref()));
    refused(482, List.of());
    t.ch().tell(new ChannelCommand.Kick("#chan", t.alice().info(), "eve", null, replies.ref()));
    refused(441, List.of("eve"));
    t.ch().tell(new ChannelCommand.Kick("#chan", t.alice().info(), "bob", "behave", replies.ref()));
    String line = ":" + t.alice().prefix() + " KICK #Chan Bob :behave";
    t.alice().expectLine(line);
    // The kicked session hears that it left before the KICK line it will write (see onKick).
    assertEquals(
        new SessionEvent.LeftChannel("#chan"),
        t.bob().session().expectMessageClass(SessionEvent.LeftChannel.class, T));
    t.bob().expectLine(line);
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Members("#chan", replies.ref()));
    assertEquals(1, reply(MembersAre.class).members().size());
  }

  @Test
  void inviteRules() {
    Two t = two();
    U carol = user("Carol");
    t.ch().tell(new ChannelCommand.Invite("#chan", carol.info(), t.bob().info(), replies.ref()));
    refused(442, List.of());
    t.ch()
        .tell(new ChannelCommand.Invite("#chan", t.alice().info(), t.bob().info(), replies.ref()));
    refused(443, List.of("Bob"));
    mode(t, t.alice(), "+i");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Invite("#chan", t.bob().info(), carol.info(), replies.ref()));
    refused(482, List.of());
    mode(t, t.alice(), "-i");
    reply(Done.class);
    t.ch().tell(new ChannelCommand.Invite("#chan", t.bob().info(), carol.info(), replies.ref()));
    carol.expectLine(":" + t.bob().prefix() + " INVITE Carol :#Chan");
    assertInstanceOf(Done.class, reply(Reply.class));
  }

  // ---- whenEmpty -----------------------------------------------------------------------------

  @Test
  void whenEmptyCanKeepTheActorAndTheNextJoinStartsAFreshChannel() {
    AtomicInteger emptied = new AtomicInteger();
    Behavior<ChannelCommand> b =
        ChannelActor.create(
            "#keep",
            "irc.test",
            ctx -> {
              emptied.incrementAndGet();
              return Behaviors.same();
            });
    ActorRef<ChannelCommand> ch = testKit.spawn(b);
    U alice = user("Alice");
    U bob = user("Bob");
    join(ch, "#Keep", alice, null);
    ch.tell(new ChannelCommand.Topic("#keep", alice.info(), "old topic", replies.ref()));
    alice.session().expectMessageClass(Deliver.class, T);
    reply(Done.class);
    ch.tell(new ChannelCommand.Mode("#keep", alice.info(), List.of("+k", "key"), replies.ref()));
    alice.session().expectMessageClass(Deliver.class, T);
    reply(Done.class);
    ch.tell(new ChannelCommand.Part("#keep", alice.info(), null, replies.ref()));
    alice.session().expectMessageClass(Deliver.class, T);
    reply(Done.class);
    // whenEmpty runs in the same step as the PART, after its reply was sent: wait for it.
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            () -> {
              assertEquals(1, emptied.get());
              return null;
            });
    Joined fresh = join(ch, "#KEEP", bob, null);
    assertEquals("#KEEP", fresh.channel(), "a new channel takes the new display name");
    assertNull(fresh.topic(), "the old topic is gone");
    assertEquals(List.of(new Member(bob.info(), true, false)), fresh.members());
    ch.tell(new ChannelCommand.Mode("#keep", bob.info(), List.of(), replies.ref()));
    assertEquals("+nt", reply(ModesAre.class).modes(), "the old key is gone");
  }
}
