package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;
import org.wskactors.samples.reliability.RawClients.Conn;

/**
 * Clients that never read, under a channel flood: each is dropped with {@code SendQ exceeded} once
 * the bytes queued for it pass {@code wsk-chat.send-queue-limit}, the server's live heap (after
 * full collections, sampled between flood batches while they are still connected) stays within what
 * those limits allow, every flooded line still reaches the client that reads, in order, and another
 * pair keeps talking. {@code ChatLimitsTest} shows the drop for one such client; this is the
 * many-client version with the memory bound measured.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(120)
class NonReadingClientsTest {
  static final ActorTestKit testKit = ActorTestKit.create("NonReadingClientsTest");

  static final int STUCK = 10;
  static final long SEND_QUEUE = 128 * 1024;

  /** Per stuck client beyond its send queue: the last coalesced write, message envelopes. */
  static final long PER_CLIENT_SLACK = 64 * 1024;

  /** Whole-JVM measuring slack: in-flight batches, lines the reader buffers, JIT'd helpers. */
  static final long SLACK = 16L << 20;

  /** The flood toward each member stops here: far beyond the bound, well below the test heap. */
  static final long MAX_FLOOD_PER_MEMBER = 24L << 20;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void clientsThatNeverReadAreDroppedAtTheirSendQueueAndTheHeapStaysBounded() throws Exception {
    LoadKit.Chat chat =
        LoadKit.Chat.start(
            testKit,
            "send-queue-limit = "
                + SEND_QUEUE
                + "\n close-linger = 200ms\n"
                + " flood { burst = 1000000, interval = 1ns }");
    String payload = "x".repeat(400);
    try (AutoCloseable quiet = LoadKit.quietLogs();
        RawClients stuck = new RawClients(true);
        IrcClient flooder = IrcClient.register(chat.address, "Flooder");
        IrcClient reader = IrcClient.register(chat.address, "Reader");
        IrcClient side1 = IrcClient.register(chat.address, "Side1");
        IrcClient side2 = IrcClient.register(chat.address, "Side2")) {
      flooder.join("#flood");
      reader.join("#flood");
      side1.join("#side");
      side2.join("#side");
      int seq = 0;
      seq = flood(flooder, reader, payload, seq, 200, new HashSet<>()); // warm up
      long heapBefore = LoadKit.heapAfterGc();
      int fdsBefore = LoadKit.openFds();

      // Small receive buffers, so the kernel holds little for them and the server's queue fills.
      List<Conn> conns = stuck.open(chat.address, STUCK, i -> LoadKit.source(21, 0, i + 1), 4096);
      for (Conn c : conns) {
        stuck.writeLine(c, "NICK Stuck" + c.index + "\r\nUSER s 0 * :Stuck\r\nJOIN #flood");
      }
      assertTrue(stuck.awaitAll(conns, c -> c.lineWith(" 366 ") != null), "the stuck ones joined");
      // From here on they never read.

      Set<String> quits = new HashSet<>();
      long maxGrowth = 0;
      int samplesAllStuck = 0;
      long floodedPerMember = 0;
      int batch = 200;
      int roundTrips = 0;
      while (quits.size() < STUCK) {
        if (floodedPerMember > MAX_FLOOD_PER_MEMBER) {
          fail(
              "after "
                  + LoadKit.mib(floodedPerMember)
                  + " toward each member only "
                  + quits
                  + " were dropped");
        }
        seq = flood(flooder, reader, payload, seq, batch, quits);
        floodedPerMember += batch * (payload.length() + 40L);
        IrcClient.roundTrip(side1, side2, "#side", roundTrips++);
        if (roundTrips % 4 == 1) {
          long growth = LoadKit.heapAfterGc() - heapBefore;
          maxGrowth = Math.max(maxGrowth, growth);
          if (quits.isEmpty()) samplesAllStuck++;
          long bound = STUCK * (SEND_QUEUE + PER_CLIENT_SLACK) + SLACK;
          assertTrue(
              growth <= bound,
              "live heap grew "
                  + LoadKit.mib(growth)
                  + " with "
                  + (STUCK - quits.size())
                  + " clients not reading; bound "
                  + LoadKit.mib(bound));
        }
      }
      assertTrue(samplesAllStuck > 0, "the heap was measured while all of them were connected");
      for (Conn c : conns) {
        assertTrue(quits.contains("Stuck" + c.index), "dropped: " + quits);
      }
      // Their connections end (what the kernel held for them is read first).
      assertTrue(stuck.awaitAllClosed(conns), "the stuck connections were closed");
      chat.awaitSessions(4);
      LoadKit.awaitFdsAtMost(testKit, fdsBefore);
      IrcClient.roundTrip(side1, side2, "#side", roundTrips++);
      flood(flooder, reader, payload, seq, 10, quits);
      long leftover = LoadKit.heapAfterGc() - heapBefore;
      LoadKit.report(
          "non-reading clients",
          String.format(
              "%d clients not reading, send-queue-limit %d KiB: all dropped with SendQ exceeded"
                  + " after %s flooded toward each member; live heap growth at most %s (%d samples"
                  + " with all connected), %s after; reader got %,d lines in order; side pair %d"
                  + " round trips",
              STUCK,
              SEND_QUEUE / 1024,
              LoadKit.mib(floodedPerMember),
              LoadKit.mib(maxGrowth),
              samplesAllStuck,
              LoadKit.mib(leftover),
              seq,
              roundTrips));
      assertTrue(leftover <= SLACK / 2, "live heap after the drops: " + LoadKit.mib(leftover));
    }
    chat.awaitSessions(0);
    chat.shutdown();
  }

  /**
   * The flooder sends {@code n} lines to the channel; the reader gets every one, in order (QUITs
   * seen meanwhile are added to {@code quits} when their reason is the send queue's).
   *
   * @return the next sequence number
   */
  static int flood(
      IrcClient flooder, IrcClient reader, String payload, int seq, int n, Set<String> quits)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++)
      sb.append("PRIVMSG #flood :").append(seq + i).append(' ').append(payload).append("\r\n");
    flooder.socket.getOutputStream().write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    flooder.socket.getOutputStream().flush();
    int expected = seq;
    while (expected < seq + n) {
      IrcMessage m =
          reader.expect(
              x -> x.command().equals("PRIVMSG") || x.command().equals("QUIT"), "PRIVMSG");
      if (m.command().equals("QUIT")) {
        assertEquals(List.of("SendQ exceeded"), m.params(), m.format());
        quits.add(m.prefix().substring(0, m.prefix().indexOf('!')));
        continue;
      }
      assertEquals(expected + " " + payload, m.param(1), "line " + expected + ", in order");
      expected++;
    }
    return expected;
  }
}
