package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.ChatServer;
import org.wskactors.samples.reliability.RawClients.Conn;

/**
 * A flood of connections beyond the configured limits ({@code wsk-chat.connections.max-per-address}
 * from one address, then {@code connections.max-total} from hundreds of distinct {@code 127.x.y.z}
 * addresses, each under the per-address limit): every connection over a limit is refused (the
 * {@code ERROR :Closing Link} line and a close, or, while more refusals than {@code max-total} are
 * still closing, a reset) and never served; the connections within the limits and a normal pair
 * keep working; the server's counters and this JVM's descriptors go back to where they were. {@code
 * ChatLimitsTest} shows each limit once with three connections; this is the flood.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(120)
class ConnectionFloodTest {
  static final ActorTestKit testKit = ActorTestKit.create("ConnectionFloodTest");

  static final int MAX_TOTAL = 60;
  static final int MAX_PER_ADDRESS = 10;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Counts of one burst: refused with the ERROR line, refused by a reset or bare close. */
  record Refusals(int withError, int withoutLine) {}

  /** Every connection of the burst is closed by the server, refused, and never registered. */
  static Refusals refused(RawClients clients, List<Conn> burst, String reason) throws IOException {
    assertTrue(clients.awaitAllClosed(burst), "the server closed every connection over the limit");
    int withError = 0;
    int withoutLine = 0;
    for (Conn c : burst) {
      if (c.lines.isEmpty()) {
        withoutLine++;
        continue;
      }
      String error = c.lineWith("ERROR :Closing Link: ");
      assertNotNull(error, "refused: " + c.lines);
      assertTrue(error.endsWith("(" + reason + ")"), error);
      assertNull(c.lineWith(" 001 "), "never served");
      withError++;
    }
    assertTrue(withError > 0, "at least the first refusals are told why");
    return new Refusals(withError, withoutLine);
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void connectionsOverTheLimitsAreRefusedWhileTheOthersKeepWorking() throws Exception {
    LoadKit.Chat chat =
        LoadKit.Chat.start(
            testKit,
            "connections { max-total = "
                + MAX_TOTAL
                + ", max-per-address = "
                + MAX_PER_ADDRESS
                + " }\n close-linger = 500ms");
    long start = System.nanoTime();
    int roundTrips = 0;
    try (AutoCloseable quiet = LoadKit.quietLogs();
        RawClients clients = new RawClients(true);
        IrcClient alice = IrcClient.register(chat.address, "Alice");
        IrcClient bob = IrcClient.register(chat.address, "Bob")) {
      alice.join("#calm");
      bob.join("#calm");
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      int fdsBefore = LoadKit.openFds();

      // 1. One address: its limit, then 200 more from it.
      List<Conn> held =
          clients.open(chat.address, MAX_PER_ADDRESS, i -> LoadKit.source(22, 0, 1), 0);
      chat.awaitSessions(2 + MAX_PER_ADDRESS);
      List<Conn> burst1 = clients.open(chat.address, 200, i -> LoadKit.source(22, 0, 1), 0);
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      Refusals perAddress = refused(clients, burst1, "Too many connections from your host");
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      for (Conn c : held) clients.writeLine(c, "PING :held" + c.index);
      assertTrue(
          clients.awaitAll(held, c -> c.lineWith("PONG") != null && !c.closed),
          "the connections within the limit are still served");
      for (Conn c : held) clients.close(c, false);
      chat.awaitSessions(2);

      // 2. Fill max-total from distinct addresses, then 300 more, each from an address of its own.
      List<Conn> fill = clients.open(chat.address, MAX_TOTAL - 2, i -> LoadKit.spread(23, i, 1), 0);
      chat.awaitSessions(MAX_TOTAL);
      List<Conn> burst2 = clients.open(chat.address, 300, i -> LoadKit.spread(24, i, 1), 0);
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      Refusals total = refused(clients, burst2, "Too many connections");
      try (IrcClient late = IrcClient.connect(chat.address, null)) {
        assertTrue(late.expect("ERROR").param(0).endsWith("(Too many connections)"));
        late.expectClosed();
      }
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      for (Conn c : fill) clients.writeLine(c, "PING :fill" + c.index);
      assertTrue(clients.awaitAll(fill, c -> c.lineWith("PONG") != null && !c.closed));
      for (Conn c : fill) clients.close(c, false);
      chat.awaitSessions(2);

      // 3. Room again: a new client is served.
      try (IrcClient carol = IrcClient.register(chat.address, "Carol")) {
        carol.join("#calm");
        IrcClient.roundTrip(carol, alice, "#calm", roundTrips++);
      }
      chat.awaitSessions(2);
      ChatServer.Stats stats = chat.stats();
      assertEquals(200 + 300 + 1, stats.refused(), "every connection over a limit was refused");
      assertEquals(2 + MAX_PER_ADDRESS + (MAX_TOTAL - 2) + 1, stats.accepted(), stats.toString());
      assertEquals(1, stats.addresses(), "only 127.0.0.1 left: " + stats);
      LoadKit.awaitFdsAtMost(testKit, fdsBefore);
      LoadKit.report(
          "connection flood",
          String.format(
              "max-per-address %d: 200 more from one address refused (%d with ERROR, %d reset);"
                  + " max-total %d: 300 more from 300 addresses + 1 refused (%d with ERROR, %d"
                  + " reset); %d accepted, %d refused in all; normal pair %d round trips; sessions,"
                  + " refusals and fds back to their start; %d s",
              MAX_PER_ADDRESS,
              perAddress.withError(),
              perAddress.withoutLine(),
              MAX_TOTAL,
              total.withError(),
              total.withoutLine(),
              stats.accepted(),
              stats.refused(),
              roundTrips,
              (System.nanoTime() - start) / 1_000_000_000L));
    }
    chat.awaitSessions(0);
    assertEquals(0, chat.stats().addresses());
    chat.shutdown();
  }
}
