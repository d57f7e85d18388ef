package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.reliability.RawClients.Conn;

/**
 * Slowloris against the chat server: many connections that trickle one byte at a time and never end
 * a line, some before registering and some after, from many source addresses. The registration
 * timeout ({@code wsk-chat.registration-timeout}, counted from the accept whatever arrives) cuts
 * off the first kind; PING and the ping timeout ({@code ping-interval}, {@code ping-timeout}, which
 * count complete lines only) cut off the second. Meanwhile a normal pair registers, joins and
 * exchanges messages, every one within the usual bound.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(120)
class SlowlorisTest {
  static final ActorTestKit testKit = ActorTestKit.create("SlowlorisTest");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void tricklersAreCutOffByTheTimeoutsWhileANormalPairKeepsChatting() throws Exception {
    int unregistered = 120;
    int registered = 40;
    LoadKit.Chat chat =
        LoadKit.Chat.start(
            testKit,
            "registration-timeout = 1500ms\n ping-interval = 1s\n ping-timeout = 1s\n"
                + " close-linger = 1s");
    long start = System.nanoTime();
    try (AutoCloseable quiet = LoadKit.quietLogs();
        RawClients tricklers = new RawClients(true);
        IrcClient alice = IrcClient.register(chat.address, "Alice");
        IrcClient bob = IrcClient.register(chat.address, "Bob")) {
      alice.join("#calm");
      bob.join("#calm");
      // Ten connections per source address (the per-address limit stays at its default).
      List<Conn> before =
          tricklers.open(chat.address, unregistered, i -> LoadKit.spread(20, i, 10), 0);
      List<Conn> after =
          tricklers.open(chat.address, registered, i -> LoadKit.spread(20, i, 10), 0);
      for (Conn c : after) {
        tricklers.writeLine(c, "NICK Slow" + c.index + "\r\nUSER slow 0 * :Slow");
      }
      assertTrue(
          tricklers.awaitAll(after, c -> c.lineWith(" 001 ") != null),
          "the registered tricklers registered");
      // Each trickler sends an unfinished line, one byte per connection per round; between
      // rounds the pair exchanges a message (its own pace), and the selector waits for the
      // server's lines at most 50 ms.
      byte[] prefixBefore = "USER slow 0 * :".getBytes(StandardCharsets.US_ASCII);
      byte[] prefixAfter = "PRIVMSG #calm :".getBytes(StandardCharsets.US_ASCII);
      List<Conn> all = new ArrayList<>(before);
      all.addAll(after);
      long trickled = 0;
      int roundTrips = 0;
      int round = 0;
      long deadline = System.nanoTime() + LoadKit.T.toNanos();
      while (all.stream().anyMatch(c -> !c.closed) && System.nanoTime() < deadline) {
        for (Conn c : all) {
          byte[] prefix = c.index < unregistered ? prefixBefore : prefixAfter;
          byte b = round < prefix.length ? prefix[round] : (byte) ('a' + round % 26);
          trickled += tricklers.write(c, new byte[] {b});
        }
        round++;
        IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
        tricklers.pump(50);
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      for (Conn c : before) {
        assertTrue(c.closed, "trickler " + c.index + " was cut off; lines: " + c.lines);
        assertNotNull(c.lineWith("(Registration timed out)"), "why: " + c.lines);
        assertTrue(c.lines.stream().noneMatch(l -> l.contains(" 001 ")), "never registered");
      }
      for (Conn c : after) {
        assertTrue(c.closed, "trickler " + c.index + " was cut off; lines: " + c.lines);
        assertNotNull(c.lineWith("PING :"), "pinged first: " + c.lines);
        assertNotNull(c.lineWith("(Ping timeout: "), "why: " + c.lines);
      }
      // The pair was served throughout and still is.
      assertTrue(roundTrips > 0);
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      chat.awaitSessions(2);
      LoadKit.report(
          "slowloris",
          String.format(
              "%d unregistered + %d registered tricklers from %d addresses, %,d bytes trickled in"
                  + " %d rounds, all cut off; normal pair: %d round trips; %d s",
              unregistered,
              registered,
              (unregistered + registered + 9) / 10,
              trickled,
              round,
              roundTrips,
              seconds));
    }
    chat.awaitSessions(0);
    assertEquals(2 + unregistered + registered, chat.stats().accepted(), "every one was served");
    chat.shutdown();
  }
}
