package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * Seeded, bounded fuzzing of one server: random bytes, a 10 MB line without a line feed, NUL and
 * invalid UTF-8, thousands of JOINs and PARTs, nick collisions from concurrent clients, commands
 * before registration and random commands after it. After each test a well-behaved pair still
 * registers and chats, and the server's own counters show that nothing was left behind: no session
 * of a closed connection, no channel actor without members.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(60)
class ChatFuzzTest {
  static final ActorTestKit testKit = ActorTestKit.create("ChatFuzzTest");
  static final long SEED = 1459_2812L;
  static ChatTestServer chat;

  @BeforeAll
  static void start() {
    chat =
        ChatTestServer.start(
            testKit,
            "flood { burst = 100000, interval = 1ns }\n registration-timeout = 3s\n"
                + " close-linger = 200ms\n connections.max-per-address = 1000");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A well-behaved pair still works, and the fuzzing left no sessions or channels behind. */
  @AfterEach
  void serverStillServesAndHoldsNothingStale() throws IOException {
    try (IrcTestClient alice = IrcTestClient.register(chat.address, "WellAlice");
        IrcTestClient bob = IrcTestClient.register(chat.address, "WellBob")) {
      ChatProtocolTest.join(alice, "#sane");
      ChatProtocolTest.join(bob, "#sane");
      alice.send("PRIVMSG #sane :all good");
      assertEquals("all good", bob.expect("PRIVMSG").param(1));
      bob.send("PRIVMSG WellAlice :thanks");
      assertEquals("thanks", alice.expect("PRIVMSG").param(1));
    }
    chat.awaitSessions(0);
    chat.awaitChannelActors(0);
  }

  static byte[] randomGarbage(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    for (int i = 0; i < size; i += 1 + random.nextInt(300))
      b[i] = (byte) (random.nextBoolean() ? '\n' : '\r');
    return b;
  }

  @Test
  void randomBytesFromManyConnections() throws IOException {
    Random random = new Random(SEED);
    for (int i = 0; i < 20; i++) {
      try (IrcTestClient c = IrcTestClient.connect(chat.address)) {
        c.sendRaw(randomGarbage(random, 16 * 1024));
        c.socket.shutdownOutput();
        c.expectClosed(); // the server processes what it got, then closes after our FIN
      }
    }
    try (IrcTestClient c = IrcTestClient.connect(chat.address)) {
      c.sendRaw(randomGarbage(random, 64 * 1024));
      c.send("");
      c.registerAs("AfterGarbage"); // the same connection still registers
    }
  }

  @Test
  void aTenMegabyteLineWithoutLineFeedIsAnswered417OnceAndTheConnectionGoesOn() throws IOException {
    try (IrcTestClient c = IrcTestClient.connect(chat.address)) {
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'A');
      for (int i = 0; i < 10; i++) c.sendRaw(chunk);
      c.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
      c.registerAs("AfterHuge");
      long tooLong = c.transcript.stream().filter(l -> l.contains(" 417 ")).count();
      assertEquals(1, tooLong, "one 417 for the one long line");
    }
  }

  @Test
  void nulBytesAreRefusedAndInvalidUtf8IsReplaced() throws IOException {
    try (IrcTestClient alice = IrcTestClient.register(chat.address, "Utf8Alice");
        IrcTestClient bob = IrcTestClient.register(chat.address, "Utf8Bob")) {
      ChatProtocolTest.join(alice, "#bytes");
      ChatProtocolTest.join(bob, "#bytes");
      alice.sync("joined");
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      line.writeBytes("PRIVMSG #bytes :bad ".getBytes(StandardCharsets.US_ASCII));
      line.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3});
      line.writeBytes(" end\r\n".getBytes(StandardCharsets.US_ASCII));
      alice.sendRaw(line.toByteArray());
      assertEquals("bad \uFFFD\uFFFD\uFFFD end", bob.expect("PRIVMSG").param(1));
      alice.sendRaw("PRIVMSG #bytes :nul\0inside\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("Line with a NUL byte ignored", alice.expect("NOTICE").param(1));
      alice.send("PRIVMSG #bytes :after");
      assertEquals("after", bob.expect("PRIVMSG").param(1), "the NUL line never arrived");
    }
  }

  @Test
  void thousandsOfJoinsAndPartsLeaveABoundedNumberOfChannels() throws IOException {
    int limit = chat.settings.maxChannelsPerUser();
    try (IrcTestClient c = IrcTestClient.register(chat.address, "Joiner")) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 3000; i++) sb.append("JOIN #j").append(i).append("\r\n");
      for (int i = 0; i < 1000; i++) sb.append("PART #never").append(i).append("\r\n");
      StringBuilder many = new StringBuilder("JOIN ");
      for (int i = 0; i < 60; i++) many.append(i == 0 ? "" : ",").append("#m").append(i);
      sb.append(many).append("\r\n");
      c.sendRaw(sb.toString().getBytes(StandardCharsets.US_ASCII));
      List<IrcMessage> seen = c.sync("joined");
      long joins = seen.stream().filter(m -> m.command().equals("JOIN")).count();
      long refused = seen.stream().filter(m -> m.command().equals("405")).count();
      long noSuch = seen.stream().filter(m -> m.command().equals("403")).count();
      assertEquals(limit, joins);
      assertEquals(3000 + 60 - limit, refused);
      assertEquals(1000, noSuch);
      // Refused JOINs create no channel; the 1000 PARTs each create one that stops again.
      chat.awaitChannelActors(limit);
      c.send("JOIN 0");
      c.sync("parted");
    }
  }

  @Test
  void concurrentClaimsOfOneNickGiveItToExactlyOneClient() throws Exception {
    int clients = 30;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<IrcTestClient> open = new ArrayList<>();
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        IrcTestClient c = IrcTestClient.connect(chat.address);
        open.add(c);
        Callable<String> claim =
            () -> {
              c.send("NICK Same");
              c.send("USER same 0 * :Same");
              return c.expect(
                      m -> m.command().equals("001") || m.command().equals("433"), "001/433")
                  .command();
            };
        results.add(pool.submit(claim));
      }
      int won = 0;
      int lost = 0;
      for (Future<String> f : results) {
        if (f.get(20, TimeUnit.SECONDS).equals("001")) won++;
        else lost++;
      }
      assertEquals(1, won, "exactly one client got the nick");
      assertEquals(clients - 1, lost);
    } finally {
      pool.shutdownNow();
      for (IrcTestClient c : open) c.close();
    }
  }

  static final List<String> COMMANDS =
      List.of(
          "JOIN",
          "PART",
          "PRIVMSG",
          "NOTICE",
          "NICK",
          "NAMES",
          "TOPIC",
          "LIST",
          "WHO",
          "WHOIS",
          "MODE",
          "KICK",
          "INVITE",
          "AWAY",
          "ISON",
          "USERHOST",
          "LUSERS",
          "VERSION",
          "TIME",
          "MOTD",
          "PING",
          "PONG",
          "CAP",
          "USER",
          "PASS",
          "OPER",
          "KILL",
          "",
          ":",
          "001");

  static String randomWord(Random random) {
    switch (random.nextInt(9)) {
      case 0:
        return "#f" + random.nextInt(8);
      case 1:
        return "Fz" + random.nextInt(8);
      case 2:
        return "+" + "ovbklimnstx".charAt(random.nextInt(11)) + "-o";
      case 3:
        return ":" + "trailing text " + random.nextInt(100);
      case 4:
        return String.valueOf(random.nextInt(1000) - 10);
      case 5:
        return "*!*@*";
      case 6:
        return "\u00e9\u2603" + random.nextInt(10);
      case 7:
        return ",,#a,,b,";
      default:
        return ":";
    }
  }

  static String randomLine(Random random) {
    StringBuilder sb = new StringBuilder(COMMANDS.get(random.nextInt(COMMANDS.size())));
    int params = random.nextInt(6);
    for (int i = 0; i < params; i++) sb.append(' ').append(randomWord(random));
    return sb.toString();
  }

  @Test
  void commandsBeforeRegistrationNeverRegisterByThemselves() throws IOException {
    Random random = new Random(SEED + 1);
    try (IrcTestClient c = IrcTestClient.connect(chat.address)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        String line = randomLine(random);
        if (line.startsWith("NICK") || line.startsWith("USER") || line.startsWith("PASS")) continue;
        if (line.startsWith("CAP")) continue; // CAP LS would hold registration until CAP END
        sb.append(line).append("\r\n");
      }
      c.sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
      List<IrcMessage> seen = c.sync("unregistered");
      assertTrue(seen.stream().noneMatch(m -> m.command().equals("001")));
      assertTrue(seen.stream().anyMatch(m -> m.command().equals("451")));
      c.registerAs("Patient");
    }
  }

  @Test
  void randomCommandsFromSeveralRegisteredClients() throws IOException {
    Random random = new Random(SEED + 2);
    List<IrcTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) clients.add(IrcTestClient.register(chat.address, "Fz" + i));
      for (int round = 0; round < 5; round++) {
        for (IrcTestClient c : clients) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < 100; i++) {
            String line = randomLine(random);
            if (line.startsWith("NICK")) continue; // keep the nicks: the clients track them
            sb.append(line).append("\r\n");
          }
          c.sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (IrcTestClient c : clients) c.sync("round" + round); // each is still served
      }
      for (IrcTestClient c : clients) {
        c.send("JOIN 0");
        c.sync("done");
      }
    } finally {
      for (IrcTestClient c : clients) c.close();
    }
  }
}
