package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wskactors.samples.chat.IrcTestClient.assertParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * The IRC protocol over raw sockets against a {@link ChatServer} on 127.0.0.1: registration (with
 * CAP, PASS), every command the server knows and every error numeric it sends. One server for the
 * class (two more for the password and dual-stack cases); each test uses its own nicks and
 * channels. Barriers are PING/PONG ({@link IrcTestClient#sync}), never sleeps.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(60)
class ChatProtocolTest {
  static final ActorTestKit testKit = ActorTestKit.create("ChatProtocolTest");
  static final AtomicInteger ids = new AtomicInteger();
  static ChatTestServer chat;

  @BeforeAll
  static void start() {
    chat =
        ChatTestServer.start(
            testKit, "motd = \"line one\\nline two\"\n flood { burst = 1000, interval = 1ms }");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A unique name with this base. */
  static String id(String base) {
    return base + ids.incrementAndGet();
  }

  static IrcTestClient client(String base) {
    try {
      return IrcTestClient.register(chat.address, id(base));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IrcTestClient connect() throws IOException {
    return IrcTestClient.connect(chat.address);
  }

  /** Joins and reads to the end of the NAMES reply. */
  static List<IrcMessage> join(IrcTestClient c, String channel) throws IOException {
    c.send("JOIN " + channel);
    return c.readUntil("366");
  }

  static long count(List<IrcMessage> messages, String command) {
    return messages.stream().filter(m -> m.command().equals(command)).count();
  }

  // ---- registration --------------------------------------------------------------------------

  @Test
  void registrationWithCapNegotiationSendsTheWelcomeBurst() throws IOException {
    try (IrcTestClient c = connect()) {
      String nick = id("Reg");
      c.send("CAP LS 302");
      c.send("NICK " + nick);
      c.send("USER reg 0 * :Real Name");
      IrcMessage cap = c.expect("CAP");
      assertEquals(List.of("*", "LS", ""), cap.params());
      assertEquals("irc.wsk-actors.local", cap.prefix());
      assertEquals(0, count(c.sync("held"), "001"), "registration waits for CAP END");
      c.send("CAP END");
      IrcMessage welcome = c.expect("001");
      assertEquals(
          List.of(nick, "Welcome to the Internet Relay Network " + nick + "!~reg@127.0.0.1"),
          welcome.params());
      assertTrue(c.expect("002").param(1).contains("running version " + ChatServer.VERSION));
      assertTrue(c.expect("003").param(1).startsWith("This server was created "));
      assertParams(
          c.expect("004"),
          "irc.wsk-actors.local",
          ChatServer.VERSION,
          "iow",
          "biklmnostv",
          "bklov");
      IrcMessage isupport = c.expect("005");
      for (String token :
          List.of(
              "CHANTYPES=#&",
              "NICKLEN=30",
              "CHANNELLEN=50",
              "PREFIX=(ov)@+",
              "CASEMAPPING=rfc1459",
              "CHANMODES=b,k,l,imnst",
              "NETWORK=WskNet",
              "MODES=6",
              "MAXTARGETS=4")) {
        assertTrue(isupport.params().contains(token), token + " in " + isupport.format());
      }
      assertTrue(c.expect("251").param(1).startsWith("There are "));
      c.expect("254");
      assertTrue(c.expect("255").param(1).startsWith("I have "));
      c.expect("375");
      assertEquals("- line one", c.expect("372").param(1));
      assertEquals("- line two", c.expect("372").param(1));
      c.expect("376");
    }
  }

  @Test
  void capSubcommands() throws IOException {
    try (IrcTestClient c = connect()) {
      c.send("CAP REQ :multi-prefix sasl");
      assertEquals(List.of("*", "NAK", "multi-prefix sasl"), c.expect("CAP").params());
      c.send("CAP LIST");
      assertEquals(List.of("*", "LIST", ""), c.expect("CAP").params());
      c.send("CAP FOO");
      assertParams(c.expect("410"), "FOO", "Invalid CAP command");
      c.send("CAP");
      assertParams(c.expect("461"), "CAP", "Not enough parameters");
      c.send("CAP END");
      c.registerAs(id("Cap"));
      c.send("CAP LS");
      assertEquals(List.of(c.nick, "LS", ""), c.expect("CAP").params());
    }
  }

  @Test
  void commandsBeforeRegistrationAre451AndRegisteringTwiceIs462() throws IOException {
    try (IrcTestClient c = connect()) {
      for (String line : List.of("JOIN #x", "PRIVMSG bob :hi", "WHOIS bob", "FOO bar", "MODE x")) {
        c.send(line);
        assertParams(c.expect("451"), "You have not registered");
      }
      c.send("NOTICE bob :not even 451");
      assertEquals(0, count(c.sync("early"), "451"), "a NOTICE is never answered");
      c.registerAs(id("Late"));
      c.send("USER again 0 * :x");
      assertParams(c.expect("462"), "You may not reregister");
      c.send("PASS whatever");
      assertParams(c.expect("462"), "You may not reregister");
    }
  }

  @Test
  void nickErrors431432433() throws IOException {
    String taken = id("Taken[x]");
    IrcTestClient owner = IrcTestClient.register(chat.address, taken); // holds the nick throughout
    try (owner;
        IrcTestClient c = connect()) {
      c.send("NICK");
      assertParams(c.expect("431"), "No nickname given");
      c.send("NICK 9lives");
      assertParams(c.expect("432"), "9lives", "Erroneous nickname");
      c.send("NICK " + "a".repeat(31));
      assertParams(c.expect("432"), "a".repeat(31), "Erroneous nickname");
      c.send("NICK :two words");
      assertParams(c.expect("432"), "two_words", "Erroneous nickname");
      String folded = taken.toUpperCase().replace('[', '{').replace(']', '}');
      c.send("NICK " + folded); // the same nick under rfc1459 case mapping
      c.send("USER u 0 * :U");
      assertParams(c.expect("433"), folded, "Nickname is already in use");
      c.registerAs(id("Free"));
      c.send("NICK " + taken);
      assertParams(c.expect("433"), taken, "Nickname is already in use");
      c.send("NICK");
      assertParams(c.expect("431"), "No nickname given");
      c.send("NICK -bad");
      assertParams(c.expect("432"), "-bad", "Erroneous nickname");
    }
  }

  @Test
  void aNickChangeIsSeenByItsAuthorAndOnceByEveryoneSharingChannels() throws IOException {
    String a = id("#na");
    String b = id("#nb");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, a);
      join(alice, b);
      join(bob, a);
      join(bob, b);
      alice.sync("joined");
      String oldPrefix = bob.nick + "!~" + bob.nick + "@127.0.0.1";
      String newNick = id("Robert");
      bob.send("NICK " + newNick);
      IrcMessage own = bob.expect("NICK");
      assertEquals(oldPrefix, own.prefix());
      assertEquals(List.of(newNick), own.params());
      IrcMessage seen = alice.expect("NICK");
      assertEquals(oldPrefix, seen.prefix());
      // Both channels have sent theirs once NAMES of the second one answers.
      alice.send("NAMES " + b);
      List<IrcMessage> after = alice.readUntil("366");
      assertEquals(0, count(after, "NICK"), "the second channel's NICK is dropped");
      assertTrue(
          after.stream().anyMatch(m -> m.command().equals("353") && m.param(3).contains(newNick)));
      bob.send("NICK " + newNick.toUpperCase()); // a case change needs no claim
      assertEquals(List.of(newNick.toUpperCase()), bob.expect("NICK").params());
    }
  }

  @Test
  void aQuitIsSeenOnceByEveryoneSharingChannels() throws IOException {
    String a = id("#qa");
    String b = id("#qb");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, a);
      join(alice, b);
      join(bob, a);
      join(bob, b);
      alice.sync("joined");
      bob.send("QUIT :gone fishing");
      IrcMessage error = bob.expect("ERROR");
      assertEquals("Closing Link: 127.0.0.1 (Quit: gone fishing)", error.param(0));
      bob.expectClosed();
      IrcMessage quit = alice.expect("QUIT");
      assertEquals(bob.nick + "!~" + bob.nick + "@127.0.0.1", quit.prefix());
      assertEquals(List.of("Quit: gone fishing"), quit.params());
      alice.send("NAMES " + b);
      List<IrcMessage> after = alice.readUntil("366");
      assertEquals(0, count(after, "QUIT"), "the second channel's QUIT is dropped");
      assertFalse(after.stream().anyMatch(m -> m.format().contains(bob.nick)), "bob left both");
    }
  }

  // ---- JOIN / PART ---------------------------------------------------------------------------

  @Test
  void joinSeveralChannelsWithKeysAndPartSeveralWithAReason() throws IOException {
    String k = id("#key");
    String free = id("#free");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      List<IrcMessage> joined = join(alice, k);
      assertEquals(
          ":" + alice.nick + "!~" + alice.nick + "@127.0.0.1 JOIN " + k, joined.get(0).format());
      IrcMessage names = joined.stream().filter(m -> m.command().equals("353")).findFirst().get();
      assertParams(names, "=", k, "@" + alice.nick);
      alice.send("MODE " + k + " +k sesame");
      alice.expect("MODE");
      bob.send("JOIN " + k);
      assertParams(bob.expect("475"), k, "Cannot join channel (+k)");
      bob.send("JOIN " + k + "," + free + " sesame");
      bob.expect("JOIN", k);
      assertParams(bob.expect("353"), "=", k, "@" + alice.nick + " " + bob.nick);
      bob.expect("366");
      bob.expect("JOIN", free);
      bob.expect("366");
      assertEquals(bob.nick + "!~" + bob.nick + "@127.0.0.1", alice.expect("JOIN").prefix());
      bob.send("PART " + k + "," + free + " :see you");
      assertEquals(List.of(k, "see you"), bob.expect("PART").params());
      assertEquals(List.of(free, "see you"), bob.expect("PART").params());
      assertEquals(List.of(k, "see you"), alice.expect("PART").params());
      bob.send("PART " + k);
      assertParams(bob.expect("442"), k, "You're not on that channel");
      bob.send("PART #never-existed-" + ids.incrementAndGet());
      assertEquals("403", bob.expect(m -> m.command().startsWith("4"), "an error").command());
      bob.send("PART");
      assertParams(bob.expect("461"), "PART", "Not enough parameters");
    }
  }

  @Test
  void joinZeroPartsEveryChannel() throws IOException {
    String a = id("#z");
    String b = id("#z");
    try (IrcTestClient c = client("Zero")) {
      join(c, a);
      join(c, b);
      c.send("JOIN 0");
      assertEquals(a, c.expect("PART").param(0));
      assertEquals(b, c.expect("PART").param(0));
      c.send("NAMES");
      assertParams(c.expect("366"), "*", "End of /NAMES list");
    }
  }

  @Test
  void joinErrors403476461405() throws IOException {
    try (IrcTestClient c = client("JoinErr")) {
      c.send("JOIN nochan");
      assertParams(c.expect("403"), "nochan", "No such channel");
      c.send("JOIN #bell\u0007");
      assertParams(c.expect("476"), "#bell\u0007", "Bad Channel Mask");
      String tooLong = "#" + "x".repeat(50);
      c.send("JOIN " + tooLong);
      assertParams(c.expect("476"), tooLong, "Bad Channel Mask");
      c.send("JOIN");
      assertParams(c.expect("461"), "JOIN", "Not enough parameters");
      String base = id("#many");
      StringBuilder list = new StringBuilder();
      for (int i = 0; i <= 20; i++)
        list.append(i == 0 ? "" : ",").append(base).append('-').append(i);
      c.send("JOIN " + list);
      assertParams(c.expect("405"), base + "-20", "You have joined too many channels");
      c.send("JOIN 0");
      c.sync("parted");
    }
  }

  @Test
  void channelRestrictions471473474482441442443472404() throws IOException {
    String ch = id("#rules");
    try (IrcTestClient op = client("Op");
        IrcTestClient bob = client("Bob");
        IrcTestClient eve = client("Eve")) {
      join(op, ch);
      join(bob, ch);
      eve.send("PRIVMSG " + ch + " :from outside");
      assertParams(eve.expect("404"), ch, "Cannot send to channel");
      eve.send("NOTICE " + ch + " :notice from outside");
      assertEquals(0, count(eve.sync("n"), "404"), "NOTICE is never answered");
      eve.send("PART " + ch);
      assertParams(eve.expect("442"), ch, "You're not on that channel");
      eve.send("TOPIC " + ch + " :mine");
      assertParams(eve.expect("442"), ch, "You're not on that channel");
      eve.send("KICK " + ch + " " + bob.nick);
      assertParams(eve.expect("442"), ch, "You're not on that channel");
      bob.send("TOPIC " + ch + " :bob's");
      assertParams(bob.expect("482"), ch, "You're not channel operator");
      bob.send("MODE " + ch + " +m");
      assertParams(bob.expect("482"), ch, "You're not channel operator");
      bob.send("KICK " + ch + " " + op.nick);
      assertParams(bob.expect("482"), ch, "You're not channel operator");
      op.send("MODE " + ch + " +o " + eve.nick);
      assertParams(op.expect("441"), eve.nick, ch, "They aren't on that channel");
      op.send("KICK " + ch + " " + eve.nick);
      assertParams(op.expect("441"), eve.nick.toLowerCase(), ch, "They aren't on that channel");
      op.send("INVITE " + bob.nick + " " + ch);
      assertParams(op.expect("443"), bob.nick, ch, "is already on channel");
      op.send("MODE " + ch + " +x");
      assertParams(op.expect("472"), "x", "is unknown mode char to me");
      op.send("MODE " + ch + " +m");
      op.expect("MODE");
      bob.send("PRIVMSG " + ch + " :muted");
      assertParams(bob.expect("404"), ch, "Cannot send to channel");
      op.send("MODE " + ch + " -m+i");
      op.expect("MODE");
      eve.send("JOIN " + ch);
      assertParams(eve.expect("473"), ch, "Cannot join channel (+i)");
      op.send("MODE " + ch + " -i+b " + eve.nick);
      op.expect("MODE");
      eve.send("JOIN " + ch);
      assertParams(eve.expect("474"), ch, "Cannot join channel (+b)");
      op.send("MODE " + ch + " -b+l " + eve.nick + "!*@* 2");
      op.expect("MODE");
      eve.send("JOIN " + ch);
      assertParams(eve.expect("471"), ch, "Cannot join channel (+l)");
    }
  }

  // ---- PRIVMSG / NOTICE ----------------------------------------------------------------------

  @Test
  void privmsgToNicksAndChannelsWithSeveralTargets() throws IOException {
    String ch = id("#talk");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, ch);
      join(bob, ch);
      alice.sync("ready");
      alice.send("PRIVMSG " + bob.nick + "," + ch + " :hello both");
      IrcMessage direct = bob.expect("PRIVMSG");
      assertEquals(List.of(bob.nick, "hello both"), direct.params());
      assertEquals(alice.nick + "!~" + alice.nick + "@127.0.0.1", direct.prefix());
      assertEquals(List.of(ch, "hello both"), bob.expect("PRIVMSG").params());
      assertEquals(0, count(alice.sync("own"), "PRIVMSG"), "no echo to the sender");
      alice.send("NOTICE " + bob.nick + " :a notice");
      assertEquals(List.of(bob.nick, "a notice"), bob.expect("NOTICE").params());
      bob.send("PRIVMSG " + alice.nick.toUpperCase() + " :case does not matter");
      assertEquals("case does not matter", alice.expect("PRIVMSG").param(1));
    }
  }

  @Test
  void privmsgErrors401411412407AndNoticeIsSilent() throws IOException {
    try (IrcTestClient c = client("Err")) {
      c.send("PRIVMSG nobody" + ids.incrementAndGet() + " :hi");
      assertEquals("No such nick/channel", c.expect("401").param(2));
      c.send("PRIVMSG #nochan" + ids.incrementAndGet() + " :hi");
      assertEquals("No such nick/channel", c.expect("401").param(2));
      c.send("PRIVMSG #bad\u0007 :hi");
      assertParams(c.expect("401"), "#bad\u0007", "No such nick/channel");
      c.send("PRIVMSG");
      assertParams(c.expect("411"), "No recipient given (PRIVMSG)");
      c.send("PRIVMSG " + c.nick);
      assertParams(c.expect("412"), "No text to send");
      c.send("PRIVMSG " + c.nick + " :");
      assertParams(c.expect("412"), "No text to send");
      c.send("PRIVMSG a,b,c,d,e :five targets");
      assertParams(c.expect("407"), "e", "Too many recipients. Only 4 processed");
      c.send("NOTICE nobody :x");
      c.send("NOTICE");
      c.send("NOTICE " + c.nick);
      List<IrcMessage> seen = c.sync("notice");
      assertTrue(
          seen.stream().noneMatch(m -> m.command().matches("4\\d\\d")), "NOTICE is never answered");
    }
  }

  @Test
  void awayIsTold301AndShownByWhoIsonAndUserhost() throws IOException {
    String ch = id("#away");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, ch);
      join(bob, ch);
      bob.send("AWAY :lunch break");
      assertParams(bob.expect("306"), "You have been marked as being away");
      alice.send("PRIVMSG " + bob.nick + " :are you there?");
      assertParams(alice.expect("301"), bob.nick, "lunch break");
      alice.send("WHO " + ch);
      List<IrcMessage> who = alice.readUntil("315");
      IrcMessage bobLine =
          who.stream()
              .filter(m -> m.command().equals("352") && m.param(5).equals(bob.nick))
              .findFirst()
              .get();
      assertEquals("G", bobLine.param(6));
      alice.send("USERHOST " + bob.nick + " " + alice.nick);
      assertParams(
          alice.expect("302"),
          bob.nick
              + "=-~"
              + bob.nick
              + "@127.0.0.1 "
              + alice.nick
              + "=+~"
              + alice.nick
              + "@127.0.0.1");
      alice.send(
          "ISON " + bob.nick + " nobody" + ids.incrementAndGet() + " " + alice.nick.toLowerCase());
      assertParams(alice.expect("303"), bob.nick + " " + alice.nick);
      bob.send("AWAY");
      assertParams(bob.expect("305"), "You are no longer marked as being away");
      alice.send("USERHOST " + bob.nick);
      assertParams(alice.expect("302"), bob.nick + "=+~" + bob.nick + "@127.0.0.1");
      alice.send("ISON");
      assertParams(alice.expect("461"), "ISON", "Not enough parameters");
      alice.send("USERHOST");
      assertParams(alice.expect("461"), "USERHOST", "Not enough parameters");
    }
  }

  // ---- NAMES, TOPIC, LIST, WHO, WHOIS --------------------------------------------------------

  @Test
  void namesWithAndWithoutChannelAndSecretChannels() throws IOException {
    String pub = id("#pub");
    String sec = id("#sec");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, pub);
      join(alice, sec);
      alice.send("MODE " + sec + " +s");
      alice.expect("MODE");
      join(bob, pub);
      alice.send("MODE " + pub + " +v " + bob.nick);
      alice.expect("MODE");
      bob.send("NAMES " + pub);
      assertParams(bob.expect("353"), "=", pub, "@" + alice.nick + " +" + bob.nick);
      assertParams(bob.expect("366"), pub, "End of /NAMES list");
      bob.send("NAMES " + sec);
      List<IrcMessage> hidden = bob.readUntil("366");
      assertEquals(0, count(hidden, "353"), "a secret channel is hidden from outsiders");
      alice.send("NAMES");
      List<IrcMessage> mine = alice.readUntil("366");
      mine.addAll(alice.readUntil("366"));
      assertEquals(2, count(mine, "353"));
      assertTrue(mine.stream().anyMatch(m -> m.command().equals("353") && m.param(1).equals("@")));
      bob.send("NAMES #nothing" + ids.incrementAndGet());
      assertEquals(0, count(bob.readUntil("366"), "353"));
    }
  }

  @Test
  void topicQuerySetAndErrors331332333482461() throws IOException {
    String ch = id("#topic");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, ch);
      join(bob, ch);
      bob.send("TOPIC " + ch);
      assertParams(bob.expect("331"), ch, "No topic is set");
      bob.send("TOPIC " + ch + " :bob was here");
      assertParams(bob.expect("482"), ch, "You're not channel operator");
      alice.send("TOPIC " + ch + " :Release day");
      IrcMessage set = bob.expect("TOPIC");
      assertEquals(List.of(ch, "Release day"), set.params());
      alice.expect("TOPIC");
      bob.send("TOPIC " + ch);
      assertParams(bob.expect("332"), ch, "Release day");
      IrcMessage who = bob.expect("333");
      assertEquals(alice.nick + "!~" + alice.nick + "@127.0.0.1", who.param(2));
      assertTrue(Long.parseLong(who.param(3)) > 0);
      try (IrcTestClient carol = client("Carol")) {
        List<IrcMessage> joined = join(carol, ch);
        assertTrue(joined.stream().anyMatch(m -> m.command().equals("332")), "topic on JOIN");
        assertTrue(joined.stream().anyMatch(m -> m.command().equals("333")));
      }
      bob.send("TOPIC");
      assertParams(bob.expect("461"), "TOPIC", "Not enough parameters");
      bob.send("TOPIC nochan");
      assertParams(bob.expect("403"), "nochan", "No such channel");
    }
  }

  @Test
  void listShowsPublicChannelsWithUsersAndTopics() throws IOException {
    String pub = id("#list");
    String sec = id("#hidden");
    try (IrcTestClient alice = client("Alice")) {
      join(alice, pub);
      join(alice, sec);
      alice.send("TOPIC " + pub + " :listed topic");
      alice.expect("TOPIC");
      alice.send("MODE " + sec + " +s");
      alice.expect("MODE");
      alice.send("LIST");
      assertParams(alice.expect("321"), "Channel", "Users  Name");
      List<IrcMessage> list = alice.readUntil("323");
      assertTrue(
          list.stream()
              .anyMatch(
                  m ->
                      m.command().equals("322")
                          && m.params().subList(1, 4).equals(List.of(pub, "1", "listed topic"))),
          list.toString());
      assertTrue(
          list.stream().noneMatch(m -> m.format().contains(sec)), "secret channels are not listed");
      alice.send("LIST " + pub);
      alice.expect("321");
      List<IrcMessage> one = alice.readUntil("323");
      assertEquals(1, count(one, "322"));
    }
  }

  @Test
  void whoForAChannelAndANick() throws IOException {
    String ch = id("#who");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, ch);
      join(bob, ch);
      alice.send("MODE " + ch + " +v " + bob.nick);
      alice.expect("MODE");
      bob.send("WHO " + ch);
      List<IrcMessage> lines = bob.readUntil("315");
      List<IrcMessage> replies =
          lines.stream().filter(m -> m.command().equals("352")).collect(Collectors.toList());
      assertEquals(2, replies.size());
      assertParams(
          replies.get(0),
          ch,
          "~" + alice.nick,
          "127.0.0.1",
          "irc.wsk-actors.local",
          alice.nick,
          "H@",
          "0 Test " + alice.nick);
      assertEquals("H+", replies.get(1).param(6));
      assertParams(lines.get(lines.size() - 1), ch, "End of /WHO list");
      bob.send("WHO " + alice.nick);
      assertEquals("*", bob.expect("352").param(1));
      assertParams(bob.expect("315"), alice.nick, "End of /WHO list");
      bob.send("WHO");
      assertParams(bob.expect("315"), "*", "End of /WHO list");
    }
  }

  @Test
  void whoisShowsUserServerChannelsAwayAndIdle() throws IOException {
    String ch = id("#whois");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      join(alice, ch);
      join(bob, ch);
      alice.send("AWAY :busy");
      alice.expect("306");
      bob.send("WHOIS " + alice.nick);
      assertParams(
          bob.expect("311"), alice.nick, "~" + alice.nick, "127.0.0.1", "*", "Test " + alice.nick);
      assertParams(bob.expect("319"), alice.nick, "@" + ch);
      assertParams(bob.expect("312"), alice.nick, "irc.wsk-actors.local", "WskNet IRC server");
      assertParams(bob.expect("301"), alice.nick, "busy");
      IrcMessage idle = bob.expect("317");
      assertTrue(Long.parseLong(idle.param(2)) >= 0);
      assertEquals("seconds idle, signon time", idle.param(4));
      assertParams(bob.expect("318"), alice.nick, "End of /WHOIS list");
      bob.send("WHOIS irc.wsk-actors.local " + alice.nick.toLowerCase());
      assertEquals(alice.nick, bob.expect("311").param(1));
      bob.expect("318");
      String ghost = "ghost" + ids.incrementAndGet();
      bob.send("WHOIS " + ghost);
      assertParams(bob.expect("401"), ghost, "No such nick/channel");
      assertParams(bob.expect("318"), ghost, "End of /WHOIS list");
      bob.send("WHOIS");
      assertParams(bob.expect("431"), "No nickname given");
    }
  }

  // ---- MODE, KICK, INVITE --------------------------------------------------------------------

  @Test
  void userModes221501502() throws IOException {
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob")) {
      alice.send("MODE " + alice.nick);
      assertParams(alice.expect("221"), "+");
      alice.send("MODE " + alice.nick + " +i");
      IrcMessage mode = alice.expect("MODE");
      assertEquals(List.of(alice.nick, "+i"), mode.params());
      alice.send("MODE " + alice.nick);
      assertParams(alice.expect("221"), "+i");
      alice.send("MODE " + alice.nick + " +z");
      assertParams(alice.expect("501"), "Unknown MODE flag");
      alice.send("MODE " + bob.nick + " +i");
      assertParams(alice.expect("502"), "Cant change mode for other users");
      alice.send("MODE " + bob.nick);
      assertParams(alice.expect("502"), "Cant change mode for other users");
      alice.send("MODE");
      assertParams(alice.expect("461"), "MODE", "Not enough parameters");
    }
  }

  @Test
  void channelModeQueryAndBanList324329367368() throws IOException {
    String ch = id("#modes");
    try (IrcTestClient alice = client("Alice")) {
      join(alice, ch);
      alice.send("MODE " + ch + " +lk 5 pw");
      assertEquals(List.of(ch, "+lk", "5", "pw"), alice.expect("MODE").params());
      alice.send("MODE " + ch);
      assertParams(alice.expect("324"), ch, "+ntkl", "pw", "5");
      IrcMessage created = alice.expect("329");
      assertEquals(ch, created.param(1));
      assertTrue(Long.parseLong(created.param(2)) > 0);
      alice.send("MODE " + ch + " +b *!*@192.0.2.*");
      alice.expect("MODE");
      alice.send("MODE " + ch + " +b");
      assertParams(alice.expect("367"), ch, "*!*@192.0.2.*");
      assertParams(alice.expect("368"), ch, "End of channel ban list");
      alice.send("MODE #nochan" + ids.incrementAndGet());
      assertEquals("403", alice.expect(m -> m.command().startsWith("4"), "an error").command());
    }
  }

  @Test
  void kickAndInvite341() throws IOException {
    String ch = id("#kick");
    try (IrcTestClient alice = client("Alice");
        IrcTestClient bob = client("Bob");
        IrcTestClient carol = client("Carol")) {
      join(alice, ch);
      join(bob, ch);
      alice.send("KICK " + ch + " " + bob.nick + " :out");
      IrcMessage kick = bob.expect("KICK");
      assertEquals(List.of(ch, bob.nick, "out"), kick.params());
      assertEquals(List.of(ch, bob.nick, "out"), alice.expect("KICK").params());
      bob.send("NAMES");
      assertParams(bob.expect("366"), "*", "End of /NAMES list"); // no longer in any channel
      alice.send("MODE " + ch + " +i");
      alice.expect("MODE");
      carol.send("JOIN " + ch);
      carol.expect("473");
      alice.send("INVITE " + carol.nick + " " + ch);
      assertParams(alice.expect("341"), carol.nick, ch);
      IrcMessage invite = carol.expect("INVITE");
      assertEquals(List.of(carol.nick, ch), invite.params());
      join(carol, ch);
      String ghost = "ghost" + ids.incrementAndGet();
      alice.send("INVITE " + ghost + " " + ch);
      assertParams(alice.expect("401"), ghost, "No such nick/channel");
      alice.send("INVITE " + carol.nick);
      assertParams(alice.expect("461"), "INVITE", "Not enough parameters");
      alice.send("KICK " + ch);
      assertParams(alice.expect("461"), "KICK", "Not enough parameters");
    }
  }

  @Test
  void kickPairsOfChannelsAndNicks() throws IOException {
    String a = id("#ka");
    String b = id("#kb");
    try (IrcTestClient op = client("Op");
        IrcTestClient bob = client("Bob")) {
      join(op, a);
      join(op, b);
      join(bob, a);
      join(bob, b);
      op.send("KICK " + a + "," + b + " " + bob.nick);
      assertParams(op.expect("461"), "KICK", "Not enough parameters");
      op.send("KICK " + a + "," + b + " " + bob.nick + "," + bob.nick + " :both");
      assertEquals(List.of(a, bob.nick, "both"), bob.expect("KICK").params());
      assertEquals(List.of(b, bob.nick, "both"), bob.expect("KICK").params());
      bob.send("NAMES");
      assertParams(bob.expect("366"), "*", "End of /NAMES list");
    }
  }

  // ---- server queries, PING, unknown, long lines ----------------------------------------------

  @Test
  void lusersVersionTimeMotdPing() throws IOException {
    try (IrcTestClient c = client("Info")) {
      c.send("LUSERS");
      assertTrue(
          c.expect("251").param(1).matches("There are \\d+ users and 0 invisible on 1 servers"));
      assertTrue(c.expect("254").param(1).matches("\\d+"));
      assertTrue(c.expect("255").param(1).matches("I have \\d+ clients and 0 servers"));
      c.send("VERSION");
      assertParams(
          c.expect("351"),
          ChatServer.VERSION + ".",
          "irc.wsk-actors.local",
          "wsk-actors IRC server");
      c.send("TIME");
      IrcMessage time = c.expect("391");
      assertEquals("irc.wsk-actors.local", time.param(1));
      assertTrue(time.param(2).endsWith("GMT"), time.param(2));
      c.send("MOTD");
      c.expect("375");
      assertEquals("- line one", c.expect("372").param(1));
      c.expect("376");
      c.send("PING :token 1");
      IrcMessage pong = c.expect("PONG");
      assertEquals(List.of("irc.wsk-actors.local", "token 1"), pong.params());
      c.send("PING");
      assertParams(c.expect("409"), "No origin specified");
      c.send("PONG :whatever");
      c.send("FROBNICATE now");
      assertParams(c.expect("421"), "FROBNICATE", "Unknown command");
    }
  }

  @Test
  void aLineOver512BytesIs417AndTheConnectionGoesOn() throws IOException {
    try (IrcTestClient c = client("Long")) {
      c.send("PRIVMSG " + c.nick + " :" + "x".repeat(600));
      assertParams(c.expect("417"), "Input line was too long");
      c.send("PRIVMSG " + c.nick + " :" + "y".repeat(510 - 10 - c.nick.length()));
      IrcMessage own = c.expect("PRIVMSG");
      assertTrue(own.param(1).startsWith("yyy"));
      assertEquals(0, count(c.sync("after"), "417"));
    }
  }

  // ---- other servers: PASS, no MOTD, dual stack ----------------------------------------------

  @Test
  void passwordRequiredServer464AndNoMotd422() throws IOException {
    ChatTestServer locked =
        ChatTestServer.start(testKit, "password = \"s3cret\"\n motd = \"\"\n close-linger = 200ms");
    try (IrcTestClient ok = IrcTestClient.connect(locked.address)) {
      ok.send("PASS s3cret");
      ok.send("NICK " + id("Pass"));
      ok.send("USER p 0 * :P");
      ok.expect("001");
      assertParams(ok.expect("422"), "MOTD File is missing");
    }
    try (IrcTestClient wrong = IrcTestClient.connect(locked.address)) {
      wrong.send("PASS guess");
      wrong.send("NICK " + id("Pass"));
      wrong.send("USER p 0 * :P");
      assertParams(wrong.expect("464"), "Password incorrect");
      assertEquals("Closing Link: 127.0.0.1 (Bad Password)", wrong.expect("ERROR").param(0));
      wrong.expectClosed();
    }
    try (IrcTestClient none = IrcTestClient.connect(locked.address)) {
      none.send("NICK " + id("Pass"));
      none.send("USER p 0 * :P");
      assertParams(none.expect("464"), "Password incorrect");
      none.expectClosed();
    }
    locked.shutdown();
  }

  static boolean ipv6LoopbackAvailable() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void dualStackServerShowsIpv6HostsWithALeadingZero() throws IOException {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    ChatTestServer dual = ChatTestServer.start(testKit, "bind = \"::\"");
    int port = dual.address.getPort();
    try (IrcTestClient v6 = IrcTestClient.connect(new InetSocketAddress("::1", port));
        IrcTestClient v4 = IrcTestClient.connect(new InetSocketAddress("127.0.0.1", port))) {
      String nick = id("Six");
      v6.send("NICK " + nick);
      v6.send("USER six 0 * :Six");
      assertTrue(v6.expect("001").param(1).endsWith(nick + "!~six@0::1"));
      v4.registerAs(id("Four"));
      v4.send("WHO " + nick);
      assertEquals("0::1", v4.expect("352").param(3));
    }
    dual.shutdown();
  }
}
