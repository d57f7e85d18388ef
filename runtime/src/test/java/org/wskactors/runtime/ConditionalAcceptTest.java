package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AbortEvent;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectCompleted;
import org.wskactors.protocol.InspectEvent;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskStatus;

/** Conditional accept (SO_CONDITIONAL_ACCEPT): inspect, accept, reject, pend, abort. */
@ExtendWith(LogCapturingExtension.class)
class ConditionalAcceptTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          "ConditionalAcceptTest",
          com.typesafe.config.ConfigFactory.parseString(
                  "wsk-actors.listen.accept-decision-timeout = 500ms")
              .withFallback(com.typesafe.config.ConfigFactory.load("application-test")));
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "inspect-tests");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** A conditional-accept listener on loopback. */
  static WskFixture.Bound conditional(ActorRef<ListenSocket.Event> h) {
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET, h);
    TestProbe<OptionSet> o = testKit.createTestProbe();
    l.tell(new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, true, o.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, o.receiveMessage(T).status());
    TestProbe<BindCompleted> b = testKit.createTestProbe();
    l.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, b.ref()));
    BindCompleted bc = b.receiveMessage(T);
    l.tell(new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, false, o.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, o.receiveMessage(T).status(), "after bind");
    return new WskFixture.Bound(l, bc.localAddress());
  }

  static Socket connect(WskFixture.Bound l) throws IOException {
    Socket s = new Socket();
    s.connect(l.address(), 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  @Test
  void inspectAcceptThenQueuedAcceptAndTheInspectIdIoctl() throws IOException {
    TestProbe<ListenSocket.Event> h = testKit.createTestProbe();
    WskFixture.Bound l = conditional(h.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    l.socket().tell(new Accept(ch.ref(), acc.ref()));
    try (Socket peer = connect(l)) {
      InspectEvent ev = h.expectMessageClass(InspectEvent.class, T);
      assertEquals(peer.getLocalSocketAddress(), ev.remoteAddress());
      acc.expectNoMessage(Duration.ofMillis(100));
      ev.replyTo().tell(InspectAction.ACCEPT);
      AcceptCompleted a = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, a.status());
      TestProbe<IoctlCompleted<InspectId>> io = testKit.createTestProbe();
      a.socket().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_INSPECT_ID, io.ref()));
      assertEquals(ev.inspectId(), io.receiveMessage(T).output());
      ListenSocketTest.closeWith(testKit, a.socket());
    }
    // A socket not accepted under conditional accept has no inspect id.
    TestProbe<ListenSocket.Event> h2 = testKit.createTestProbe();
    WskFixture.Pair plain =
        f.connectedPair(
            f.boundListener(h2.ref()),
            testKit.<ConnectionSocket.Event>createTestProbe().ref(),
            testKit.<ConnectionSocket.Event>createTestProbe().ref());
    TestProbe<IoctlCompleted<InspectId>> io = testKit.createTestProbe();
    plain.server().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_INSPECT_ID, io.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_REQUEST, io.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  @Test
  void inspectRejectAndNoReplyResetTheConnection() throws IOException {
    TestProbe<ListenSocket.Event> h = testKit.createTestProbe();
    WskFixture.Bound l = conditional(h.ref());
    try (Socket peer = connect(l)) {
      h.expectMessageClass(InspectEvent.class, T).replyTo().tell(InspectAction.REJECT);
      ListenSocketTest.assertPeerClosed(peer);
    }
    try (Socket peer = connect(l)) {
      h.expectMessageClass(InspectEvent.class, T); // no reply: rejected after 500 ms
      ListenSocketTest.assertPeerClosed(peer);
    }
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  @Test
  void pendThenInspectCompleteAcceptsThroughTheAcceptEvent() throws IOException {
    TestProbe<ListenSocket.Event> h = testKit.createTestProbe();
    WskFixture.Bound l = conditional(h.ref());
    ListenSocketTest.enableAcceptWith(testKit, l.socket());
    try (Socket peer = connect(l)) {
      InspectEvent ev = h.expectMessageClass(InspectEvent.class, T);
      ev.replyTo().tell(InspectAction.PEND);
      h.expectNoMessage(Duration.ofMillis(700)); // past the decision timeout: pended waits
      TestProbe<InspectCompleted> done = testKit.createTestProbe();
      l.socket().tell(new InspectComplete(ev.inspectId(), InspectAction.PEND, done.ref()));
      assertEquals(WskStatus.STATUS_INVALID_PARAMETER, done.receiveMessage(T).status());
      l.socket().tell(new InspectComplete(new InspectId(-1, -1), InspectAction.ACCEPT, done.ref()));
      assertEquals(WskStatus.STATUS_INVALID_PARAMETER, done.receiveMessage(T).status());
      l.socket().tell(new InspectComplete(ev.inspectId(), InspectAction.ACCEPT, done.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, done.receiveMessage(T).status());
      AcceptEvent ae = h.expectMessageClass(AcceptEvent.class, T);
      assertEquals(peer.getLocalSocketAddress(), ae.remoteAddress());
      ae.replyTo()
          .tell(
              AcceptEventResponse.accept(testKit.<ConnectionSocket.Event>createTestProbe().ref()));
      ListenSocketTest.closeWith(testKit, ae.acceptSocket());
    }
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  @Test
  void aPendedConnectionThatResetsRaisesAbortEvent() throws IOException {
    TestProbe<ListenSocket.Event> h = testKit.createTestProbe();
    WskFixture.Bound l = conditional(h.ref());
    InspectId id;
    try (Socket peer = connect(l)) {
      InspectEvent ev = h.expectMessageClass(InspectEvent.class, T);
      id = ev.inspectId();
      ev.replyTo().tell(InspectAction.PEND);
      peer.setSoLinger(true, 0); // close with RST
    }
    AbortEvent abort = h.expectMessageClass(AbortEvent.class, T);
    assertEquals(id, abort.inspectId());
    TestProbe<InspectCompleted> done = testKit.createTestProbe();
    l.socket().tell(new InspectComplete(id, InspectAction.ACCEPT, done.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, done.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  @Test
  void conditionalAcceptOnAStreamSocket() throws IOException {
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    TestProbe<org.wskactors.protocol.SocketCreated<StreamSocket.Command>> c =
        testKit.createTestProbe();
    f.provider.tell(
        new org.wskactors.protocol.CreateStreamSocket(AddressFamily.INET, h.ref(), c.ref()));
    ActorRef<StreamSocket.Command> s = c.receiveMessage(T).socket();
    TestProbe<OptionSet> o = testKit.createTestProbe();
    s.tell(new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, true, o.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, o.receiveMessage(T).status());
    TestProbe<BindCompleted> b = testKit.createTestProbe();
    s.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, b.ref()));
    b.receiveMessage(T);
    TestProbe<ListenCompleted> lc = testKit.createTestProbe();
    s.tell(new Listen(lc.ref()));
    ListenCompleted listening = lc.receiveMessage(T);
    assertNotEquals(0, listening.localAddress().getPort());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    s.tell(new Accept(testKit.<ConnectionSocket.Event>createTestProbe().ref(), acc.ref()));
    try (Socket peer = new Socket()) {
      peer.connect(listening.localAddress(), 5000);
      InspectEvent ev = h.expectMessageClass(InspectEvent.class, T);
      ev.replyTo().tell(InspectAction.ACCEPT);
      AcceptCompleted a = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, a.status());
      ListenSocketTest.closeWith(testKit, a.socket());
    }
    ListenSocketTest.closeWith(testKit, s);
  }

  @Test
  void conditionalAcceptIsNotAConnectionOption() {
    ActorRef<ConnectionSocket.Command> s =
        f.connection(AddressFamily.INET, testKit.<ConnectionSocket.Event>createTestProbe().ref());
    TestProbe<OptionSet> o = testKit.createTestProbe();
    s.tell(new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, true, o.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, o.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, s);
  }
}
