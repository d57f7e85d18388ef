package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;
import org.wskactors.samples.reliability.RawClients.Conn;

/**
 * Thousands of idle, registered chat connections (2,000 here, 20 per source address under the
 * default {@code connections.max-per-address}; the soak command holds 10,000 against a server in
 * its own JVM): the server keeps serving a normal pair, counts every client (LUSERS), answers each
 * idle one, and its live heap grows by a bounded amount per connection and returns to where it was
 * once they close. Server and clients share this JVM here (4,000 sockets), so the heap figure
 * includes the clients' small per-connection state too.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(180)
class IdleConnectionsTest {
  static final ActorTestKit testKit = ActorTestKit.create("IdleConnectionsTest");

  static final int IDLE = 2000;
  static final int BATCH = 200;

  /**
   * The live heap an idle registered connection may cost, server and client side together: a bound
   * for regressions (a buffer allocated per connection up front would pass it), not a performance
   * figure; the measured cost is in the report line.
   */
  static final long BUDGET_PER_CONNECTION = 32 * 1024;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void thousandsOfIdleConnectionsCostBoundedMemoryAndTheServerKeepsServing() throws Exception {
    LoadKit.Chat chat = LoadKit.Chat.start(testKit, "close-linger = 500ms");
    long start = System.nanoTime();
    int roundTrips = 0;
    try (AutoCloseable quiet = LoadKit.quietLogs();
        RawClients idle = new RawClients(true);
        IrcClient alice = IrcClient.register(chat.address, "Alice");
        IrcClient bob = IrcClient.register(chat.address, "Bob")) {
      alice.join("#calm");
      bob.join("#calm");
      // Warm up the paths an idle connection takes (and the classes they load).
      List<Conn> warm = idle.open(chat.address, 50, i -> LoadKit.spread(26, i, 20), 0);
      register(idle, warm);
      for (Conn c : warm) idle.close(c, false);
      chat.awaitSessions(2);
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      long heapBefore = LoadKit.heapAfterGc();
      int fdsBefore = LoadKit.openFds();

      List<Conn> all = new ArrayList<>();
      for (int done = 0; done < IDLE; done += BATCH) {
        List<Conn> batch = idle.open(chat.address, BATCH, i -> LoadKit.spread(25, i - 50, 20), 0);
        register(idle, batch);
        all.addAll(batch);
        IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      }
      long setup = System.nanoTime();
      assertEquals(2 + IDLE, chat.stats().sessions());
      alice.send("LUSERS");
      IrcMessage me = alice.expect("255");
      assertEquals("I have " + (2 + IDLE) + " clients and 0 servers", me.param(1));
      for (int i = 0; i < 20; i++) IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      long heapIdle = LoadKit.heapAfterGc();
      long perConnection = (heapIdle - heapBefore) / IDLE;

      // Every idle one is still served.
      for (Conn c : all) idle.writeLine(c, "PING :idle" + c.index);
      assertTrue(
          idle.awaitAll(
              all, c -> c.lineWith("PONG") != null && c.lineWith("idle" + c.index) != null),
          "every idle connection answered");
      assertTrue(all.stream().noneMatch(c -> c.closed), "none was dropped");
      for (Conn c : all) idle.close(c, false);
      chat.awaitSessions(2);
      IrcClient.roundTrip(alice, bob, "#calm", roundTrips++);
      long heapAfter = LoadKit.heapAfterGc();
      LoadKit.awaitFdsAtMost(testKit, fdsBefore);
      LoadKit.report(
          "idle connections",
          String.format(
              "%,d idle registered connections from %d addresses (set up in %.1f s) + a normal pair"
                  + " (%d round trips): live heap %s before, +%s with them (%,d B per connection,"
                  + " server and client), %s after they closed; fds back to %d",
              IDLE,
              IDLE / 20,
              (setup - start) / 1e9,
              roundTrips,
              LoadKit.mib(heapBefore),
              LoadKit.mib(heapIdle - heapBefore),
              perConnection,
              (heapAfter - heapBefore >= 0 ? "+" : "") + LoadKit.mib(heapAfter - heapBefore),
              fdsBefore));
      assertTrue(
          perConnection <= BUDGET_PER_CONNECTION,
          perConnection + " B of live heap per idle connection, budget " + BUDGET_PER_CONNECTION);
      assertTrue(
          heapAfter - heapBefore <= 8L << 20,
          "live heap after they closed: +" + LoadKit.mib(heapAfter - heapBefore));
    }
    chat.awaitSessions(0);
    chat.shutdown();
  }

  /** Registers every connection of the batch (NICK and USER) and waits for their MOTD's end. */
  static void register(RawClients clients, List<Conn> batch) throws Exception {
    for (Conn c : batch) clients.writeLine(c, "NICK Idle" + c.index + "\r\nUSER idle 0 * :Idle");
    assertTrue(
        clients.awaitAll(batch, c -> c.lineWith(" 376 ") != null || c.closed),
        "the batch registered");
    for (Conn c : batch) {
      assertTrue(!c.closed && c.lineWith(" 001 ") != null, "registered: " + c.lines);
      c.lines.clear(); // keep nothing per connection on the client side
    }
  }
}
