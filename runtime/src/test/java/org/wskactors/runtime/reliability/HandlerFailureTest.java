package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskFixture;
import org.wskactors.runtime.internal.FaultInjection;

/**
 * The application's side fails: its handler actor throws or stops while it holds retained
 * indications, while sends are queued, while an accept event waits for its answer; or the socket
 * actor itself fails. In every case the socket is closed, every pending request completes with a
 * status, the peer sees a reset (the connection was not shut down both ways), and the client's
 * socket count and the process's file descriptors come back.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerFailureTest {
  /** A short accept decision timeout: an unanswered accept event is decided after 1 s. */
  static final ActorTestKit testKit =
      ActorTestKit.create(
          "HandlerFailureTest",
          ConfigFactory.parseString("wsk-actors.listen.accept-decision-timeout = 1s")
              .withFallback(ConfigFactory.load("application-test")));

  static final Duration T = RelFixture.T;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** Makes the retaining handler throw. */
  enum Boom {
    INSTANCE
  }

  /** Reported by the retaining handler: bytes it holds retained so far. */
  record Holding(long bytes) {}

  /** Retains every receive indication (never releases), and throws on {@link Boom}. */
  static Behavior<Object> retainingHandler(ActorRef<Holding> report) {
    long[] held = {0};
    return Behaviors.receive(Object.class)
        .onMessage(
            ReceiveEvent.class,
            e -> {
              e.replyTo().tell(ReceiveEventResponse.retained());
              held[0] += e.data().size();
              report.tell(new Holding(held[0]));
              return Behaviors.same();
            })
        .onMessageEquals(
            Boom.INSTANCE,
            () -> {
              throw new IllegalStateException("handler failure for a test");
            })
        .build();
  }

  @Test
  void handlerThatThrowsWhileHoldingRetainedIndicationsClosesItsSocket() throws Exception {
    RelFixture f = new RelFixture(testKit, "throws");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    // One connection first, so Pekko IO's lazily created selectors exist before counting.
    l.socket().tell(new Accept(testKit.<ConnectionSocket.Event>createTestProbe().ref(), acc.ref()));
    try (Socket warm = RelFixture.plainClient(l.address())) {
      AcceptCompleted first = acc.receiveMessage(T);
      org.junit.jupiter.api.Assertions.assertEquals(
          warm.getLocalPort(), first.remoteAddress().getPort());
      f.close(first.socket());
    }
    int fds = RelFixture.openFds();
    TestProbe<Holding> report = testKit.createTestProbe();
    ActorRef<Object> handler = testKit.spawn(retainingHandler(report.ref()));
    l.socket().tell(new Accept(handler.narrow(), acc.ref()));
    Socket peer = RelFixture.plainClient(l.address());
    ActorRef<ConnectionSocket.Command> s = acc.receiveMessage(T).socket();
    f.enable(s, WskEvent.RECEIVE);
    peer.getOutputStream().write(new byte[32 * 1024]);
    long held = 0;
    while (held < 32 * 1024) held = report.receiveMessage(T).bytes();
    TestProbe<ReceiveCompleted> pending = testKit.createTestProbe();
    s.tell(new Receive(10, pending.ref()));
    f.sync(s);

    LoggingTestKit.error(IllegalStateException.class)
        .expect(
            testKit.system(),
            () -> {
              handler.tell(Boom.INSTANCE);
              return null;
            });
    assertEquals(WskStatus.STATUS_CANCELLED, pending.receiveMessage(T).status());
    testKit.createTestProbe().expectTerminated(s, T);
    assertEquals(RelFixture.PeerSaw.RESET, RelFixture.readToEnd(peer));
    peer.close();
    f.awaitSocketCount(1);
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
    f.close(l.socket());
    f.awaitSocketCount(0);
  }

  @Test
  void handlerThatStopsWhileSendsAreQueuedClosesItsSocketAndCancelsThem() throws Exception {
    RelFixture f = new RelFixture(testKit, "stops");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), true);
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    int sends = 8;
    for (int i = 0; i < sends; i++) {
      c.ours().tell(new Send(ByteString.fromArray(new byte[256 * 1024]), sent.ref()));
    }
    f.sync(c.ours());
    h.stop();
    int cancelled = 0;
    for (int i = 0; i < sends; i++) {
      WskStatus st = sent.receiveMessage(T).status();
      if (st != WskStatus.STATUS_SUCCESS) {
        assertEquals(WskStatus.STATUS_CANCELLED, st);
        cancelled++;
      } else {
        assertEquals(0, cancelled, "completions stay in order");
      }
    }
    assertTrue(cancelled >= sends - 2, "queued sends were cancelled: " + cancelled);
    testKit.createTestProbe().expectTerminated(c.ours(), T);
    assertEquals(RelFixture.PeerSaw.RESET, RelFixture.readToEnd(c.peer()));
    c.closePlain();
    f.awaitSocketCount(0);
  }

  @Test
  void listenHandlerThatStopsWhileAnAcceptEventWaitsClosesTheListenerAndResetsThePeer()
      throws Exception {
    RelFixture f = new RelFixture(testKit, "accept-waits");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    f.enable(l.socket(), WskEvent.ACCEPT);
    Socket peer = RelFixture.plainClient(l.address());
    AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
    f.awaitSocketCount(2); // the listener and the socket waiting for its decision
    lh.stop(); // never answers
    testKit.createTestProbe().expectTerminated(l.socket(), T);
    // The waiting socket is rejected after accept-decision-timeout: a reset for the peer.
    assertEquals(RelFixture.PeerSaw.RESET, RelFixture.readToEnd(peer));
    testKit.createTestProbe().expectTerminated(ev.acceptSocket(), T);
    peer.close();
    f.awaitSocketCount(0);
    try (Socket again = new Socket()) {
      assertThrows(IOException.class, () -> again.connect(l.address(), 2000), "port released");
    }
  }

  @Test
  void aFailedConnectionSocketCompletesEveryPendingRequestAndResetsThePeer() throws Exception {
    RelFixture f = new RelFixture(testKit, "crash-conn");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn warm = f.connectToPlain(h.ref(), true);
    f.close(warm.ours());
    warm.closePlain();
    int fds = RelFixture.openFds();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), true);
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    c.ours().tell(new Receive(10, r.ref()));
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    int sends = 6;
    for (int i = 0; i < sends; i++) {
      c.ours().tell(new Send(ByteString.fromArray(new byte[256 * 1024]), sent.ref()));
    }
    TestProbe<DisconnectCompleted> d = testKit.createTestProbe();
    c.ours().tell(new Disconnect(null, 0, d.ref())); // waits behind the queued sends
    f.sync(c.ours());
    LoggingTestKit.error(FaultInjection.InjectedFailure.class)
        .expect(
            testKit.system(),
            () -> {
              c.ours().<Object>unsafeUpcast().tell(FaultInjection.Crash.INSTANCE);
              return null;
            });
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, r.receiveMessage(T).status());
    int forced = 0;
    for (int i = 0; i < sends; i++) {
      WskStatus st = sent.receiveMessage(T).status();
      if (st != WskStatus.STATUS_SUCCESS) {
        assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, st);
        forced++;
      }
    }
    assertTrue(forced >= sends - 2, "queued sends completed forced-closed: " + forced);
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, d.receiveMessage(T).status());
    SocketFailedEvent failed = h.expectMessageClass(SocketFailedEvent.class, T);
    assertEquals(c.ours(), failed.socket());
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, failed.status());
    assertEquals(RelFixture.PeerSaw.RESET, RelFixture.readToEnd(c.peer()));
    c.closePlain();
    f.awaitSocketCount(0);
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
  }

  @Test
  void aFailedListenerCompletesItsPendingAcceptsAndReleasesItsPort() {
    RelFixture f = new RelFixture(testKit, "crash-listen");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    l.socket().tell(new Accept(sh.ref(), Duration.ofMinutes(1), acc.ref()));
    f.sync(l.socket());
    LoggingTestKit.error(FaultInjection.InjectedFailure.class)
        .expect(
            testKit.system(),
            () -> {
              l.socket().<Object>unsafeUpcast().tell(FaultInjection.Crash.INSTANCE);
              return null;
            });
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, acc.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, acc.receiveMessage(T).status());
    assertEquals(
        WskStatus.STATUS_FILE_FORCED_CLOSED,
        lh.expectMessageClass(SocketFailedEvent.class, T).status());
    f.awaitSocketCount(0);
    // The port can be bound again (Pekko IO's listener releases it right after the failure).
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            () -> {
              ActorRef<ListenSocket.Command> again =
                  f.listener(org.wskactors.protocol.AddressFamily.INET, lh.ref());
              TestProbe<org.wskactors.protocol.BindCompleted> b = testKit.createTestProbe();
              again.tell(new org.wskactors.protocol.Bind(l.address(), b.ref()));
              WskStatus st = b.receiveMessage(T).status();
              f.close(again);
              assertEquals(WskStatus.STATUS_SUCCESS, st);
              return null;
            });
    f.awaitSocketCount(0);
  }
}
