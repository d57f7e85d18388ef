package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.reliability.RawClients.Conn;

/**
 * Seeded fuzzing before registration from hundreds of connections at once, with the live heap
 * measured: each connection sends every kind of command a registered user could (451), invalid and
 * colliding nicks, USER with too few parameters, PASS, CAP negotiation left open, a line over 512
 * bytes (417), NUL bytes, invalid UTF-8 and random bytes, and then either stays (the registration
 * timeout drops it), closes, half-closes or resets. None ever registers, no channel is created, a
 * normal pair keeps chatting between the rounds, and once all are gone the server's live heap is
 * back within {@link #TOLERANCE} of where it was. {@code ChatFuzzTest} covers one such connection
 * and the fuzzing of registered users.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(120)
class PreRegistrationFuzzTest {
  static final ActorTestKit testKit = ActorTestKit.create("PreRegistrationFuzzTest");
  static final long SEED = 2812_1459L;
  static final int ROUNDS = 8;
  static final int PER_ROUND = 30;

  /** Live heap the run may leave behind (first-use capacity of tables, the scheduler's wheel). */
  static final long TOLERANCE = 8L << 20;

  static final List<String> COMMANDS =
      List.of(
          "JOIN",
          "PART",
          "PRIVMSG",
          "NOTICE",
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
          "OPER",
          "KILL",
          "WHOWAS",
          "SQUIT",
          "001",
          "",
          ":",
          "privmsg",
          "Join");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static String word(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "#c" + r.nextInt(5);
      case 1 -> "Alice";
      case 2 -> ":trailing " + r.nextInt(100);
      case 3 -> "*!*@*";
      case 4 -> "\u00e9\u2603";
      case 5 -> ",,#a,,b,";
      case 6 -> String.valueOf(r.nextInt(1000) - 10);
      default -> "+ovbklimnst";
    };
  }

  /** One connection's bytes: never a complete registration (see the class comment). */
  static byte[] script(Random r, boolean capOpen) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>();
    if (capOpen) lines.add("CAP LS 302");
    int n = 10 + r.nextInt(40);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(10)) {
        case 0 ->
            lines.add(
                "NICK "
                    + List.of("Alice", "alice", "9bad", "", "a b", "x".repeat(40), "Fz" + i)
                        .get(r.nextInt(7)));
        case 1 -> lines.add(capOpen ? "USER u 0 * :Real" : "USER u" + " 0".repeat(r.nextInt(3)));
        case 2 -> lines.add("PASS " + word(r));
        case 3 -> lines.add("CAP " + List.of("LIST", "REQ :sasl", "LS", "BOGUS").get(r.nextInt(4)));
        default -> {
          StringBuilder sb = new StringBuilder(COMMANDS.get(r.nextInt(COMMANDS.size())));
          for (int p = r.nextInt(5); p > 0; p--) sb.append(' ').append(word(r));
          lines.add(sb.toString());
        }
      }
    }
    for (String l : lines)
      out.writeBytes((l + (r.nextBoolean() ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
    switch (r.nextInt(4)) {
      case 0 ->
          out.writeBytes(
              ("PRIVMSG #c :" + "y".repeat(600 + r.nextInt(2000)) + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      case 1 -> out.writeBytes("JOIN #nul\0here\r\n".getBytes(StandardCharsets.US_ASCII));
      case 2 ->
          out.writeBytes(
              new byte[] {'M', 'O', 'T', 'D', ' ', (byte) 0xff, (byte) 0xc3, '\r', '\n'});
      default -> {
        byte[] garbage = new byte[256 + r.nextInt(4096)];
        r.nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++)
          if (garbage[i] == '\n' || garbage[i] == '\r') garbage[i] = ' ';
        out.writeBytes(garbage); // random bytes, then the end of their "line"
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.writeBytes("PING :done\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  enum Ending {
    STAY,
    CLOSE,
    HALF_CLOSE,
    RESET
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void hundredsOfUnregisteredConnectionsFuzzingLeaveNothingBehind() throws Exception {
    LoadKit.Chat chat =
        LoadKit.Chat.start(
            testKit,
            "registration-timeout = 1500ms\n close-linger = 200ms\n"
                + " flood { burst = 100000, interval = 1ns }");
    Random random = new Random(SEED);
    long start = System.nanoTime();
    int roundTrips = 0;
    try (AutoCloseable quiet = LoadKit.quietLogs();
        RawClients hostile = new RawClients(true);
        IrcClient alice = IrcClient.register(chat.address, "Alice");
        IrcClient bob = IrcClient.register(chat.address, "Bob")) {
      alice.join("#calm");
      bob.join("#calm");
      // One warm-up round, so the classes and tables a fuzzing round touches exist before
      // measuring.
      List<Conn> all = new ArrayList<>();
      List<Ending> endings = new ArrayList<>();
      round(hostile, chat, new Random(SEED - 1), all, endings);
      assertTrue(hostile.awaitAllClosed(all), "the warm-up round's connections ended");
      chat.awaitSessions(2);
      all.clear();
      endings.clear();
      long heapBefore = LoadKit.heapAfterGc();
      int fdsBefore = LoadKit.openFds();
      long bytes = 0;
      for (int round = 0; round < ROUNDS; round++) {
        bytes += round(hostile, chat, random, all, endings);
        IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      }
      assertTrue(hostile.awaitAllClosed(all), "every fuzzing connection ended");
      int notRegistered = 0;
      int inputTooLong = 0;
      for (int i = 0; i < all.size(); i++) {
        Conn c = all.get(i);
        assertNull(c.lineWith(" 001 "), "registered: " + c.lines);
        notRegistered += (int) c.lines.stream().filter(l -> l.contains(" 451 ")).count();
        inputTooLong += (int) c.lines.stream().filter(l -> l.contains(" 417 ")).count();
        if (endings.get(i) == Ending.STAY) {
          assertNotNull(c.lineWith("(Registration timed out)"), "dropped: " + c.lines);
        }
      }
      assertTrue(
          notRegistered > 0 && inputTooLong > 0, notRegistered + " 451, " + inputTooLong + " 417");
      chat.awaitSessions(2);
      assertEquals(1, chat.channelActors(), "no channel but #calm");
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      long leftover = LoadKit.heapAfterGc() - heapBefore;
      LoadKit.awaitFdsAtMost(testKit, fdsBefore);
      LoadKit.report(
          "pre-registration fuzz",
          String.format(
              "%d connections x %d rounds (%s sent, %d answered 451, %d 417), none registered,"
                  + " no channel created; normal pair %d round trips; live heap %s after (tolerance"
                  + " %s); fds back to %d; %d s",
              PER_ROUND,
              ROUNDS,
              LoadKit.mib(bytes),
              notRegistered,
              inputTooLong,
              roundTrips,
              (leftover >= 0 ? "+" : "") + LoadKit.mib(leftover),
              LoadKit.mib(TOLERANCE),
              fdsBefore,
              (System.nanoTime() - start) / 1_000_000_000L));
      assertTrue(leftover <= TOLERANCE, "live heap grew " + LoadKit.mib(leftover));
    }
    chat.awaitSessions(0);
    chat.shutdown();
  }

  /** Opens a round's connections, sends their scripts and ends them; returns the bytes sent. */
  static long round(
      RawClients hostile, LoadKit.Chat chat, Random random, List<Conn> all, List<Ending> endings)
      throws Exception {
    List<Conn> conns = hostile.open(chat.address, PER_ROUND, i -> LoadKit.spread(27, i, 10), 0);
    long bytes = 0;
    List<Ending> mine = new ArrayList<>();
    for (Conn c : conns) {
      byte[] script = script(random, random.nextBoolean());
      hostile.writeAll(c, script);
      bytes += script.length;
      mine.add(Ending.values()[random.nextInt(Ending.values().length)]);
    }
    // Let each see its own PING answered before ending it, so the script was processed whole.
    assertTrue(hostile.awaitAll(conns, c -> c.closed || c.lineWith("PONG") != null));
    for (int i = 0; i < conns.size(); i++) {
      Conn c = conns.get(i);
      switch (mine.get(i)) {
        case CLOSE -> hostile.close(c, false);
        case RESET -> hostile.close(c, true);
        case HALF_CLOSE -> c.channel.shutdownOutput();
        case STAY -> {}
      }
    }
    all.addAll(conns);
    endings.addAll(mine);
    return bytes;
  }
}
