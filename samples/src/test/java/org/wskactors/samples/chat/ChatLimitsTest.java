package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * The server's protections with short test settings, each on a server of its own: the PING timeout,
 * the registration timeout, the send queue bound (a client that never reads), the flood throttle
 * (200 lines at once arrive complete, in order, spread over time, while others are served) and the
 * connection limits (total and per address).
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(60)
class ChatLimitsTest {
  static final ActorTestKit testKit = ActorTestKit.create("ChatLimitsTest");

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void anUnansweredPingDropsTheClientAndAnAnsweredOneKeepsIt() throws IOException {
    ChatTestServer chat =
        ChatTestServer.start(
            testKit, "ping-interval = 300ms\n ping-timeout = 300ms\n close-linger = 200ms");
    try (IrcTestClient alive = IrcTestClient.register(chat.address, "Alive")) {
      for (int i = 0; i < 3; i++) {
        IrcMessage ping = alive.expect("PING");
        alive.send("PONG :" + ping.param(0));
      }
      alive.sync("still here");
    }
    try (IrcTestClient silent = IrcTestClient.register(chat.address, "Silent")) {
      assertEquals(List.of("irc.wsk-actors.local"), silent.expect("PING").params());
      IrcMessage error = silent.expect("ERROR");
      assertTrue(
          error.param(0).matches("Closing Link: 127\\.0\\.0\\.1 \\(Ping timeout: \\d+ seconds\\)"),
          error.param(0));
      silent.expectClosed();
    }
    chat.shutdown();
  }

  @Test
  void aConnectionThatDoesNotRegisterIsDropped() throws IOException {
    ChatTestServer chat =
        ChatTestServer.start(testKit, "registration-timeout = 300ms\n close-linger = 200ms");
    try (IrcTestClient idle = IrcTestClient.connect(chat.address)) {
      idle.send("NICK halfway");
      assertEquals(
          "Closing Link: 127.0.0.1 (Registration timed out)", idle.expect("ERROR").param(0));
      idle.expectClosed();
    }
    chat.awaitSessions(0);
    chat.shutdown();
  }

  @Test
  void aClientThatNeverReadsIsDroppedWithSendQExceeded() throws IOException {
    ChatTestServer chat =
        ChatTestServer.start(
            testKit,
            "send-queue-limit = 64 KiB\n close-linger = 200ms\n flood { burst = 1000000, interval = 1ns }");
    String payload = "z".repeat(400);
    try (IrcTestClient reader = IrcTestClient.connect(chat.address, null, 4096);
        IrcTestClient flooder = IrcTestClient.register(chat.address, "Flooder");
        IrcTestClient observer = IrcTestClient.register(chat.address, "Observer")) {
      reader.registerAs("Stuck");
      reader.send("JOIN #sendq");
      reader.send("JOIN #watch");
      reader.expect("366");
      reader.expect("366");
      ChatProtocolTest.join(flooder, "#sendq");
      ChatProtocolTest.join(observer, "#watch");
      byte[] batch;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 500; i++) sb.append("PRIVMSG #sendq :").append(payload).append("\r\n");
      batch = sb.toString().getBytes(StandardCharsets.UTF_8);
      boolean dropped = false;
      for (int round = 0; round < 100 && !dropped; round++) { // at most ~21 MB
        flooder.sendRaw(batch);
        flooder.send("ISON Stuck");
        dropped = flooder.expect("303").param(1).isEmpty();
      }
      assertTrue(dropped, "the client that never reads was dropped");
      IrcMessage quit = observer.expect("QUIT");
      assertEquals("Stuck!~Stuck@127.0.0.1", quit.prefix());
      assertEquals(List.of("SendQ exceeded"), quit.params());
      reader.expectClosed();
      // The server goes on: a new client registers and talks.
      try (IrcTestClient fresh = IrcTestClient.register(chat.address, "Fresh")) {
        fresh.send("PRIVMSG Observer :still up");
        assertEquals("still up", observer.expect("PRIVMSG").param(1));
      }
    }
    chat.shutdown();
  }

  @Test
  void aFloodIsThrottledButEveryLineArrivesInOrderWhileOthersAreServed() throws IOException {
    int lines = 200;
    int burst = 10;
    long intervalMs = 10;
    ChatTestServer chat =
        ChatTestServer.start(
            testKit, "flood { burst = " + burst + ", interval = " + intervalMs + "ms }");
    try (IrcTestClient flooder = IrcTestClient.register(chat.address, "Flood");
        IrcTestClient receiver = IrcTestClient.register(chat.address, "Receiver");
        IrcTestClient other = IrcTestClient.register(chat.address, "Other")) {
      ChatProtocolTest.join(flooder, "#flood");
      ChatProtocolTest.join(receiver, "#flood");
      receiver.sync("ready");
      flooder.sync("ready"); // the registration and joins took tokens: wait for the bucket
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= lines; i++) sb.append("PRIVMSG #flood :line ").append(i).append("\r\n");
      flooder.sendRaw(sb.toString().getBytes(StandardCharsets.UTF_8));
      // Another client is served at once although the flooder's lines are still queued.
      long otherServed = System.nanoTime();
      other.sync("served");
      otherServed = System.nanoTime();
      long first = 0;
      long last = 0;
      for (int i = 1; i <= lines; i++) {
        IrcMessage m = receiver.expect("PRIVMSG");
        assertEquals("line " + i, m.param(1), "in order, none lost");
        if (i == 1) first = System.nanoTime();
        last = System.nanoTime();
      }
      assertTrue(otherServed < last, "the other client was served before the flood was through");
      // The bucket allows `burst` lines at once, then one per interval: a lower bound on the
      // spread, which no scheduling delay can shorten (80% of it, for clock granularity).
      long minimumMs = (lines - burst - 1) * intervalMs * 8 / 10;
      long spreadMs = (last - first) / 1_000_000;
      assertTrue(spreadMs >= minimumMs, "spread " + spreadMs + " ms, at least " + minimumMs);
    }
    chat.shutdown();
  }

  static boolean canBind(String address) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.bind(new InetSocketAddress(address, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void connectionLimitsPerAddressAndInTotal() throws IOException {
    Assumptions.assumeTrue(canBind("127.0.0.2") && canBind("127.0.0.3"), "needs 127.0.0.2/3");
    ChatTestServer chat =
        ChatTestServer.start(
            testKit, "connections { max-total = 3, max-per-address = 2 }\n close-linger = 200ms");
    List<IrcTestClient> open = new ArrayList<>();
    try {
      open.add(IrcTestClient.register(chat.address, "One"));
      open.add(IrcTestClient.register(chat.address, "Two"));
      try (IrcTestClient third = IrcTestClient.connect(chat.address)) {
        assertEquals(
            "Closing Link: 127.0.0.1 (Too many connections from your host)",
            third.expect("ERROR").param(0));
        third.expectClosed();
      }
      IrcTestClient other =
          IrcTestClient.connect(chat.address, new InetSocketAddress("127.0.0.2", 0), 0);
      open.add(other.registerAs("Three"));
      try (IrcTestClient fourth =
          IrcTestClient.connect(chat.address, new InetSocketAddress("127.0.0.3", 0), 0)) {
        assertEquals(
            "Closing Link: 127.0.0.3 (Too many connections)", fourth.expect("ERROR").param(0));
        fourth.expectClosed();
      }
      ChatServer.Stats stats = chat.stats();
      assertEquals(3, stats.sessions());
      assertEquals(2, stats.addresses());
      assertEquals(2, stats.refused());
      open.remove(0).close();
      chat.awaitSessions(2);
      open.add(IrcTestClient.register(chat.address, "Again"));
    } finally {
      for (IrcTestClient c : open) c.close();
    }
    chat.awaitSessions(0);
    chat.shutdown();
  }

  @Test
  void shutdownSaysGoodbyeToEveryClient() throws IOException {
    ChatTestServer chat = ChatTestServer.start(testKit, "close-linger = 200ms");
    try (IrcTestClient a = IrcTestClient.register(chat.address, "Bye1");
        IrcTestClient b = IrcTestClient.register(chat.address, "Bye2")) {
      chat.shutdown();
      for (IrcTestClient c : List.of(a, b)) {
        assertEquals("Closing Link: 127.0.0.1 (Server shutting down)", c.expect("ERROR").param(0));
        c.expectClosed();
      }
    }
    // refused: nothing listens any more
    assertThrows(
        ConnectException.class,
        () -> IrcTestClient.connect(chat.address).close(),
        "the listening socket is closed after a shutdown");
  }
}
