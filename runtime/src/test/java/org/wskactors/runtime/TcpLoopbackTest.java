package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/**
 * Bytes both ways, a half-close each way and close on loopback: with the runtime's read selectors
 * taking over after two Pekko IO reads (the default) and from the first read, and with every read
 * through the Pekko IO connection actor ({@code wsk-actors.connection.selector-reads = off}); the
 * socket actors on the read selector threads (the default loop dispatcher) and on Pekko's default
 * dispatcher.
 */
@ExtendWith(LogCapturingExtension.class)
class TcpLoopbackTest {
  static final ActorTestKit selectorReads = ActorTestKit.create("TcpLoopbackTest");
  static final ActorTestKit pekkoReads =
      ActorTestKit.create(
          "TcpLoopbackTestPekkoReads",
          ConfigFactory.parseString("wsk-actors.connection.selector-reads = off")
              .withFallback(ConfigFactory.load("application-test")));
  static final ActorTestKit selectorFromTheStart =
      ActorTestKit.create(
          "TcpLoopbackTestSelectorFromTheStart",
          ConfigFactory.parseString("wsk-actors.connection.read-selector-after = 0")
              .withFallback(ConfigFactory.load("application-test")));
  static final ActorTestKit pool =
      ActorTestKit.create(
          "TcpLoopbackTestPool",
          ConfigFactory.parseString(
                  "wsk-actors.socket-dispatcher = \"pekko.actor.default-dispatcher\"")
              .withFallback(ConfigFactory.load("application-test")));
  static final Duration T = WskFixture.TIMEOUT;

  @AfterAll
  static void down() {
    selectorReads.shutdownTestKit();
    pekkoReads.shutdownTestKit();
    selectorFromTheStart.shutdownTestKit();
    pool.shutdownTestKit();
  }

  static Stream<Arguments> kits() {
    return Stream.of(
        Arguments.of("selector reads after two Pekko IO reads", selectorReads),
        Arguments.of("selector reads from the first", selectorFromTheStart),
        Arguments.of("Pekko IO reads", pekkoReads),
        Arguments.of("selector reads, sockets on Pekko's default dispatcher", pool));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void sendReceiveBothWaysThenHalfCloseAndClose(String reads, ActorTestKit testKit) {
    assertEquals(
        reads.startsWith("selector"),
        WskSettings.create(testKit.system()).selectorReads(),
        "the kit's setting");
    WskFixture f = new WskFixture(testKit, "loopback");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    WskFixture.Pair pair = f.connectedPair(l, ch.ref(), sh.ref());

    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    pair.client().tell(new Send(ByteString.fromString("hello "), sent.ref()));
    pair.client().tell(new Send(ByteString.fromString("world"), sent.ref()));
    assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, 6), sent.receiveMessage(T));
    assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, 5), sent.receiveMessage(T));

    TestProbe<ReceiveCompleted> got = testKit.createTestProbe();
    pair.server().tell(new Receive(11, WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
    ReceiveCompleted r = got.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals("hello world", r.data().utf8String());

    // Half-close from the client: the server reads 0 bytes (graceful) and can still send back.
    TestProbe<DisconnectCompleted> disc = testKit.createTestProbe();
    pair.client().tell(new Disconnect(ByteString.fromString("!"), 0, disc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, disc.receiveMessage(T).status());
    pair.server().tell(new Receive(100, got.ref()));
    assertEquals("!", got.receiveMessage(T).data().utf8String());
    pair.server().tell(new Receive(100, got.ref()));
    ReceiveCompleted fin = got.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, fin.status());
    assertTrue(fin.data().isEmpty());

    pair.server().tell(new Send(ByteString.fromString("bye"), sent.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
    pair.client().tell(new Receive(100, got.ref()));
    assertEquals("bye", got.receiveMessage(T).data().utf8String());

    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    pair.server().tell(new CloseSocket(closed.ref()));
    pair.client().tell(new CloseSocket(closed.ref()));
    l.socket().tell(new CloseSocket(closed.ref()));
    closed.receiveMessage(T);
    closed.receiveMessage(T);
    closed.receiveMessage(T);
  }
}
