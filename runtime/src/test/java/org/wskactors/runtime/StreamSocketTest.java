package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.FaultInjection;

/** Stream sockets: undecided, then listening or connection-oriented, and nothing of the other. */
@ExtendWith(LogCapturingExtension.class)
class StreamSocketTest {
  static final ActorTestKit testKit = ActorTestKit.create("StreamSocketTest");
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "stream-tests");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static ActorRef<StreamSocket.Command> stream(ActorRef<StreamSocket.Event> handler) {
    TestProbe<SocketCreated<StreamSocket.Command>> p = testKit.createTestProbe();
    f.provider.tell(new CreateStreamSocket(AddressFamily.INET, handler, p.ref()));
    SocketCreated<StreamSocket.Command> c = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    return c.socket();
  }

  static void bind(ActorRef<StreamSocket.Command> s, InetSocketAddress a) {
    TestProbe<BindCompleted> p = testKit.createTestProbe();
    s.tell(new Bind(a, p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
  }

  /** Sends each request built by a function of a probe ref and expects the status back. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void expectStatus(
      ActorRef<StreamSocket.Command> s,
      WskStatus expected,
      List<Function<ActorRef, StreamSocket.Command>> requests) {
    for (Function<ActorRef, StreamSocket.Command> r : requests) {
      TestProbe<WskCompletion> p = testKit.createTestProbe();
      StreamSocket.Command cmd = r.apply(p.ref());
      s.tell(cmd);
      assertEquals(expected, p.receiveMessage(T).status(), cmd.toString());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final List<Function<ActorRef, StreamSocket.Command>> CONNECTION_ROLE =
      List.of(
          r -> new Send(ByteString.fromString("x"), r),
          r -> new Receive(1, r),
          r -> new Disconnect(null, 0, r),
          r -> new Release(1, r),
          r -> new GetRemoteAddress(r));

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final List<Function<ActorRef, StreamSocket.Command>> LISTEN_ROLE =
      List.of(
          r -> new Accept(testKit.<ConnectionSocket.Event>createTestProbe().ref(), r),
          r -> new InspectComplete(new InspectId(1, 1), InspectAction.ACCEPT, r));

  @Test
  void undecidedSocketAnswersRoleRequestsWithWrongState() {
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s = stream(h.ref());
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, CONNECTION_ROLE);
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, LISTEN_ROLE);
    TestProbe<ListenCompleted> l = testKit.createTestProbe();
    s.tell(new Listen(l.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, l.receiveMessage(T).status(), "not bound");
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect(new InetSocketAddress("127.0.0.1", 9), c.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, c.receiveMessage(T).status(), "not bound");
    TestProbe<OptionSet> o = testKit.createTestProbe();
    s.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.ACCEPT),
            o.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, o.receiveMessage(T).status());
    s.tell(new SetOption<>(SocketOption.SO_BROADCAST, true, o.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, o.receiveMessage(T).status());
    bind(s, WskFixture.LOOPBACK_ANY_PORT);
    TestProbe<BindCompleted> b = testKit.createTestProbe();
    s.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, b.ref()));
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE, b.receiveMessage(T).status(), "bound twice");
    s.tell(new SetOption<>(SocketOption.SO_REUSEADDR, true, o.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, o.receiveMessage(T).status(), "after bind");
    // Bound but undecided: still no role's requests.
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, CONNECTION_ROLE);
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, LISTEN_ROLE);
    TestProbe<AddressCompleted> a = testKit.createTestProbe();
    s.tell(new GetLocalAddress(a.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, a.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, s);
  }

  @Test
  void aFailedConnectCommitsTheRoleAndLeavesOnlyClose() throws IOException {
    int closedPort;
    try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = tmp.getLocalPort();
    }
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s = stream(h.ref());
    bind(s, new InetSocketAddress("127.0.0.1", 0));
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect(new InetSocketAddress("127.0.0.1", closedPort), c.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, c.receiveMessage(T).status());
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, LISTEN_ROLE);
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    s.tell(new Send(ByteString.fromString("x"), sent.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, sent.receiveMessage(T).status());
    s.tell(new Connect(new InetSocketAddress("127.0.0.1", closedPort), c.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, c.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, s);
  }

  @Test
  void listenMakesItAListenerThatAcceptsBothWays() throws IOException {
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s = stream(h.ref());
    bind(s, WskFixture.LOOPBACK_ANY_PORT);
    TestProbe<ListenCompleted> l = testKit.createTestProbe();
    s.tell(new Listen(l.ref()));
    ListenCompleted lc = l.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, lc.status());
    assertNotEquals(0, lc.localAddress().getPort());
    TestProbe<AddressCompleted> a = testKit.createTestProbe();
    s.tell(new GetLocalAddress(a.ref()));
    assertEquals(lc.localAddress(), a.receiveMessage(T).address());

    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, CONNECTION_ROLE);
    s.tell(new Listen(l.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, l.receiveMessage(T).status(), "listening");
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect(new InetSocketAddress("127.0.0.1", 9), c.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, c.receiveMessage(T).status());

    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    s.tell(new Accept(ch.ref(), acc.ref()));
    try (Socket peer = new Socket()) {
      peer.connect(lc.localAddress(), 5000);
      AcceptCompleted done = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, done.status());
      ListenSocketTest.closeWith(testKit, done.socket());
    }
    TestProbe<OptionSet> o = testKit.createTestProbe();
    s.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.ACCEPT),
            o.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, o.receiveMessage(T).status());
    try (Socket peer = new Socket()) {
      peer.connect(lc.localAddress(), 5000);
      AcceptEvent ev = h.expectMessageClass(AcceptEvent.class, T);
      assertEquals(s.path(), ev.listener().path());
      ev.replyTo().tell(AcceptEventResponse.reject());
    }
    ListenSocketTest.closeWith(testKit, s);
  }

  @Test
  void failedListenLeavesTheSocketUndecided() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound taken = f.boundListener(lh.ref());
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s = stream(h.ref());
    bind(s, taken.address());
    TestProbe<ListenCompleted> l = testKit.createTestProbe();
    s.tell(new Listen(l.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, l.receiveMessage(T).status());
    expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, LISTEN_ROLE);
    ListenSocketTest.closeWith(testKit, taken.socket());
    s.tell(new Listen(l.ref()));
    assertEquals(
        taken.address(), l.receiveMessage(T).localAddress(), "listens once the port is free");
    ListenSocketTest.closeWith(testKit, s);
  }

  @Test
  void connectMakesItAConnectionWithStreamEvents() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(10_000);
      TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
      ActorRef<StreamSocket.Command> s = stream(h.ref());
      bind(s, new InetSocketAddress("127.0.0.1", 0));
      TestProbe<ConnectCompleted> c = testKit.createTestProbe();
      s.tell(
          new ConnectEx(
              (InetSocketAddress) server.getLocalSocketAddress(),
              ByteString.fromString("hi"),
              0,
              null,
              c.ref()));
      try (Socket peer = server.accept()) {
        peer.setSoTimeout(10_000);
        assertEquals(WskStatus.STATUS_SUCCESS, c.receiveMessage(T).status());
        assertEquals("hi", new String(peer.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
        expectStatus(s, WskStatus.STATUS_INVALID_DEVICE_STATE, LISTEN_ROLE);
        TestProbe<ListenCompleted> l = testKit.createTestProbe();
        s.tell(new Listen(l.ref()));
        assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, l.receiveMessage(T).status());

        TestProbe<OptionSet> o = testKit.createTestProbe();
        s.tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(WskEvent.RECEIVE),
                o.ref()));
        assertEquals(WskStatus.STATUS_SUCCESS, o.receiveMessage(T).status());
        peer.getOutputStream().write("yo".getBytes(StandardCharsets.UTF_8));
        ReceiveEvent r = h.expectMessageClass(ReceiveEvent.class, T);
        assertEquals("yo", r.data().utf8String());
        r.replyTo().tell(ReceiveEventResponse.consumed());
        TestProbe<SendCompleted> sent = testKit.createTestProbe();
        s.tell(new Send(ByteString.fromString("ok"), sent.ref()));
        assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
        assertEquals("ok", new String(peer.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
        TestProbe<AddressCompleted> a = testKit.createTestProbe();
        s.tell(new GetRemoteAddress(a.ref()));
        assertEquals(server.getLocalSocketAddress(), a.receiveMessage(T).address());
      }
      ListenSocketTest.closeWith(testKit, s);
    }
  }

  @Test
  void handlerStopAndFailureCloseAnUndecidedSocket() {
    TestProbe<StreamSocket.Event> h = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s = stream(h.ref());
    s.<Object>unsafeUpcast().tell(FaultInjection.Crash.INSTANCE);
    assertEquals(s, h.expectMessageClass(SocketFailedEvent.class, T).socket());
    testKit.createTestProbe().expectTerminated(s, T);

    TestProbe<StreamSocket.Event> h2 = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> s2 = stream(h2.ref());
    h2.stop();
    testKit.createTestProbe().expectTerminated(s2, T);
  }
}
