package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/**
 * Peers that vanish or never answer, made real with a private network namespace ({@link Netns}):
 * root only; skipped with a message elsewhere. A peer gone without FIN or reset is found by TCP
 * keep-alive within the timing the socket asked for; a connect nobody answers ends with its
 * timeout; close and deregistration cancel a connect that is still pending.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
// The namespace is closed explicitly to check that it is gone; try-with-resources still removes it
// when an assertion fails first.
@SuppressWarnings("try")
class VanishedPeerTest {
  static final ActorTestKit testKit = ActorTestKit.create("VanishedPeerTest");
  static final Duration T = RelFixture.T;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  private static void set(ActorRef<ConnectionSocket.Command> s, SocketOption<Integer> o, int v) {
    TestProbe<OptionSet> p = testKit.createTestProbe();
    s.tell(new SetOption<>(o, v, p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status(), o.name());
  }

  @Test
  void keepAliveFindsAPeerThatVanishedWithoutFinOrReset() throws Exception {
    try (Netns ns = Netns.create()) {
      InetSocketAddress echo = ns.startEcho(7001);
      RelFixture f = new RelFixture(testKit, "vanish");
      TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
      ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
      // Keep-alive after 1 s idle, then 2 probes 1 s apart: a vanished peer is dropped after ~3 s.
      TestProbe<OptionSet> opt = testKit.createTestProbe();
      s.tell(new SetOption<>(SocketOption.SO_KEEPALIVE, true, opt.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
      set(s, SocketOption.TCP_KEEPIDLE, 1);
      set(s, SocketOption.TCP_KEEPINTVL, 1);
      set(s, SocketOption.TCP_KEEPCNT, 2);
      f.bind(s, RelFixture.ANY4);
      TestProbe<ConnectCompleted> con = testKit.createTestProbe();
      s.tell(new Connect(echo, Duration.ofSeconds(5), con.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, con.receiveMessage(T).status());
      // The options set before connect are on the connected socket.
      TestProbe<OptionValue<Integer>> val = testKit.createTestProbe();
      s.tell(new GetOption<>(SocketOption.TCP_KEEPIDLE, val.ref()));
      assertEquals(1, val.receiveMessage(T).value());
      s.tell(new GetOption<>(SocketOption.TCP_KEEPCNT, val.ref()));
      assertEquals(2, val.receiveMessage(T).value());
      f.enable(s, WskEvent.DISCONNECT);

      TestProbe<SendCompleted> sent = testKit.createTestProbe();
      s.tell(new Send(ByteString.fromString("ping"), sent.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
      TestProbe<ReceiveCompleted> got = testKit.createTestProbe();
      s.tell(new Receive(4, WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
      assertEquals("ping", got.receiveMessage(T).data().utf8String(), "the echo peer answers");

      s.tell(new Receive(100, got.ref())); // pending while the peer vanishes
      long vanished = System.nanoTime();
      ns.vanishPeer();
      ReceiveCompleted r = got.receiveMessage(Duration.ofSeconds(20));
      long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - vanished);
      assertEquals(
          WskStatus.STATUS_IO_TIMEOUT,
          r.status(),
          "the pending Receive ends with the keep-alive timeout");
      DisconnectEvent d = h.expectMessageClass(DisconnectEvent.class, T);
      assertTrue(d.abortive(), "a lost connection is an abortive disconnect");
      s.tell(new Send(ByteString.fromString("late"), sent.ref()));
      assertEquals(WskStatus.STATUS_IO_TIMEOUT, sent.receiveMessage(T).status());
      System.out.printf(
          "RELIABILITY vanished peer: keep-alive 1 s + 2 x 1 s, detected after %d ms%n",
          detectedMs);
      f.close(s);
      f.awaitSocketCount(0);
      ns.close();
      assertTrue(ns.isGone(), "namespace and link removed");
    }
  }

  @Test
  void aConnectNobodyAnswersEndsWithItsTimeoutAndCloseOrDeregisterCancelsAPendingOne()
      throws Exception {
    try (Netns ns = Netns.create()) {
      ns.silencePeer();
      InetSocketAddress silent = new InetSocketAddress(ns.peerAddress, 7002);
      RelFixture f = new RelFixture(testKit, "silent");
      TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();

      // SocketConnect with a timeout: IO_TIMEOUT, and the socket it made is gone.
      TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
      long start = System.nanoTime();
      f.provider.tell(
          new SocketConnect(RelFixture.ANY4, silent, h.ref(), Duration.ofMillis(500), sc.ref()));
      assertEquals(WskStatus.STATUS_IO_TIMEOUT, sc.receiveMessage(T).status());
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      f.awaitSocketCount(0);

      // Connect with a timeout on a socket of our own: IO_TIMEOUT, the socket stays until closed.
      ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
      f.bind(s, RelFixture.ANY4);
      TestProbe<ConnectCompleted> con = testKit.createTestProbe();
      s.tell(new Connect(silent, Duration.ofMillis(300), con.ref()));
      assertEquals(WskStatus.STATUS_IO_TIMEOUT, con.receiveMessage(T).status());
      f.close(s);

      // A connect without timeout is pending until CloseSocket cancels it.
      ActorRef<ConnectionSocket.Command> p = f.connection(AddressFamily.INET, h.ref());
      f.bind(p, RelFixture.ANY4);
      p.tell(new Connect(silent, con.ref()));
      con.expectNoMessage(Duration.ofMillis(300));
      TestProbe<CloseCompleted> closed = testKit.createTestProbe();
      p.tell(new CloseSocket(closed.ref()));
      assertEquals(WskStatus.STATUS_CANCELLED, con.receiveMessage(T).status());
      assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
      f.awaitSocketCount(0);

      // Deregistration cancels pending connects of both kinds and closes their sockets.
      ActorRef<ConnectionSocket.Command> q = f.connection(AddressFamily.INET, h.ref());
      f.bind(q, RelFixture.ANY4);
      q.tell(new Connect(silent, con.ref()));
      f.provider.tell(new SocketConnect(RelFixture.ANY4, silent, h.ref(), null, sc.ref()));
      f.awaitSocketCount(2);
      TestProbe<Deregistered> dereg = testKit.createTestProbe();
      f.provider.tell(new Deregister(dereg.ref()));
      assertEquals(WskStatus.STATUS_CANCELLED, con.receiveMessage(T).status());
      assertEquals(WskStatus.STATUS_CANCELLED, sc.receiveMessage(T).status());
      Deregistered d = dereg.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, d.status());
      assertEquals(2, d.socketsClosed());
      testKit.createTestProbe().expectTerminated(f.provider, T);
      System.out.printf(
          "RELIABILITY silent peer: SocketConnect with 500 ms timeout ended after %d ms%n", tookMs);
      ns.close();
      assertTrue(ns.isGone(), "namespace and link removed");
    }
  }
}
