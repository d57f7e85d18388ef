package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendBacklogEvent;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/** Connection-oriented sockets against real loopback peers (plain Java sockets). */
@ExtendWith(LogCapturingExtension.class)
class ConnectionSocketTest {
  static final ActorTestKit testKit = ActorTestKit.create("ConnectionSocketTest");
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "conn-tests");
  static final InetSocketAddress ANY4 = new InetSocketAddress("0.0.0.0", 0);

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** A plain server socket peer plus our connected socket. */
  record Peer(ServerSocket server, Socket socket, ActorRef<ConnectionSocket.Command> ours) {}

  private Peer connectToPlainPeer(TestProbe<ConnectionSocket.Event> handler) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, handler.ref());
    TestProbe<BindCompleted> b = testKit.createTestProbe();
    s.tell(new Bind(ANY4, b.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, b.receiveMessage(T).status());
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), c.ref()));
    server.setSoTimeout(10_000);
    Socket peer = server.accept();
    peer.setSoTimeout(10_000);
    ConnectCompleted cc = c.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, cc.status());
    assertEquals(peer.getRemoteSocketAddress(), cc.localAddress());
    return new Peer(server, peer, s);
  }

  private static void closeAll(Peer p) throws IOException {
    ListenSocketTest.closeWith(testKit, p.ours());
    p.socket().close();
    p.server().close();
  }

  @Test
  void createBindConnectAndAddresses() throws IOException {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
    TestProbe<AddressCompleted> addr = testKit.createTestProbe();
    s.tell(new GetLocalAddress(addr.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, addr.receiveMessage(T).status());
    s.tell(new GetRemoteAddress(addr.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, addr.receiveMessage(T).status());
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect(new InetSocketAddress("127.0.0.1", 9), c.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, c.receiveMessage(T).status(), "not bound");
    ListenSocketTest.closeWith(testKit, s);

    Peer p = connectToPlainPeer(h);
    p.ours().tell(new GetLocalAddress(addr.ref()));
    assertEquals(p.socket().getRemoteSocketAddress(), addr.receiveMessage(T).address());
    p.ours().tell(new GetRemoteAddress(addr.ref()));
    assertEquals(p.socket().getLocalSocketAddress(), addr.receiveMessage(T).address());
    p.ours().tell(new Connect(new InetSocketAddress("127.0.0.1", 9), c.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, c.receiveMessage(T).status(), "connected");
    closeAll(p);
  }

  @Test
  void socketConnectAndConnectExWithInitialData() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(10_000);
      TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
      TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
      f.provider.tell(
          new SocketConnect(
              ANY4, (InetSocketAddress) server.getLocalSocketAddress(), h.ref(), null, sc.ref()));
      try (Socket peer = server.accept()) {
        SocketConnectCompleted done = sc.receiveMessage(T);
        assertEquals(WskStatus.STATUS_SUCCESS, done.status());
        assertEquals(peer.getLocalSocketAddress(), done.remoteAddress());
        ListenSocketTest.closeWith(testKit, done.socket());
      }

      ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
      TestProbe<BindCompleted> b = testKit.createTestProbe();
      s.tell(new Bind(ANY4, b.ref()));
      b.receiveMessage(T);
      TestProbe<ConnectCompleted> c = testKit.createTestProbe();
      InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
      s.tell(new ConnectEx(to, ByteString.fromArray(new byte[70_000]), 0, null, c.ref()));
      assertEquals(WskStatus.STATUS_BUFFER_OVERFLOW, c.receiveMessage(T).status());
      s.tell(new ConnectEx(to, ByteString.fromString("x"), 1, null, c.ref()));
      assertEquals(WskStatus.STATUS_INVALID_PARAMETER, c.receiveMessage(T).status());
      s.tell(new ConnectEx(to, ByteString.fromString("hello"), 0, null, c.ref()));
      TestProbe<SendCompleted> sent = testKit.createTestProbe();
      try (Socket peer = server.accept()) {
        peer.setSoTimeout(10_000);
        assertEquals(WskStatus.STATUS_SUCCESS, c.receiveMessage(T).status());
        s.tell(new Send(ByteString.fromString(" after"), sent.ref()));
        assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
        assertEquals(
            "hello after",
            new String(peer.getInputStream().readNBytes(11), StandardCharsets.UTF_8));
      }
      ListenSocketTest.closeWith(testKit, s);
    }
  }

  @Test
  void connectFailuresAreStatuses() throws IOException {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
    int closedPort;
    try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = tmp.getLocalPort();
    }
    f.provider.tell(
        new SocketConnect(
            ANY4, new InetSocketAddress("127.0.0.1", closedPort), h.ref(), null, sc.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, sc.receiveMessage(T).status());

    f.provider.tell(
        new SocketConnect(ANY4, new InetSocketAddress("0.0.0.0", 80), h.ref(), null, sc.ref()));
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER, sc.receiveMessage(T).status(), "wildcard remote");
    f.provider.tell(
        new SocketConnect(
            ANY4, InetSocketAddress.createUnresolved("x.invalid", 80), h.ref(), null, sc.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sc.receiveMessage(T).status(), "unresolved");
    f.provider.tell(
        new SocketConnect(ANY4, new InetSocketAddress("::1", 80), h.ref(), null, sc.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sc.receiveMessage(T).status(), "wrong family");
    f.provider.tell(
        new SocketConnect(
            ANY4, new InetSocketAddress("127.0.0.1", 80), h.ref(), Duration.ZERO, sc.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sc.receiveMessage(T).status(), "zero timeout");
  }

  @Test
  void connectTimeoutWhenThePeerNeverAnswers() throws IOException {
    // A listener with a full accept queue drops further SYNs, so a connect never completes.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<java.nio.channels.SocketChannel> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
          ch.configureBlocking(false);
          ch.connect(full.getLocalSocketAddress());
          fillers.add(ch);
        }
        TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
        TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
        f.provider.tell(
            new SocketConnect(
                ANY4,
                (InetSocketAddress) full.getLocalSocketAddress(),
                h.ref(),
                Duration.ofMillis(300),
                sc.ref()));
        WskStatus st = sc.receiveMessage(T).status();
        Assumptions.assumeTrue(
            st != WskStatus.STATUS_SUCCESS,
            "the kernel accepted past the backlog; cannot provoke a timeout here");
        assertEquals(WskStatus.STATUS_IO_TIMEOUT, st);
      } finally {
        for (java.nio.channels.SocketChannel ch : fillers) ch.close();
      }
    }
  }

  @Test
  void manyOutstandingSendsCompleteInOrderAndArriveInOrder() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    Peer p = connectToPlainPeer(h);
    int n = 2000;
    byte[] expected = new byte[n * 100];
    new Random(7).nextBytes(expected);
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    for (int i = 0; i < n; i++) {
      p.ours().tell(new Send(ByteString.fromArray(expected, i * 100, 100), sent.ref()));
    }
    byte[] got = p.socket().getInputStream().readNBytes(expected.length);
    assertArrayEquals(expected, got);
    for (int i = 0; i < n; i++) {
      assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, 100), sent.receiveMessage(T));
    }
    closeAll(p);
  }

  @Test
  void noDelayFlagPushesDataWhenNagleIsOn() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    Peer p = connectToPlainPeer(h);
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    p.ours().tell(new SetOption<>(SocketOption.TCP_NODELAY, false, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    TestProbe<OptionValue<Boolean>> val = testKit.createTestProbe();
    p.ours().tell(new GetOption<>(SocketOption.TCP_NODELAY, val.ref()));
    assertEquals(Boolean.FALSE, val.receiveMessage(T).value());
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    p.ours().tell(new Send(ByteString.fromString("a"), WskFlags.WSK_FLAG_NODELAY, sent.ref()));
    p.ours().tell(new Send(ByteString.fromString("b"), WskFlags.WSK_FLAG_NODELAY, sent.ref()));
    assertEquals(
        "ab", new String(p.socket().getInputStream().readNBytes(2), StandardCharsets.UTF_8));
    assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
    p.ours().tell(new Send(ByteString.fromString("c"), 0x100, sent.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, sent.receiveMessage(T).status());
    // Still off after the NODELAY sends.
    p.ours().tell(new GetOption<>(SocketOption.TCP_NODELAY, val.ref()));
    assertEquals(Boolean.FALSE, val.receiveMessage(T).value());
    closeAll(p);
  }

  @Test
  void optionsAreAllowedOnlyInTheirStates() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    s.tell(new SetOption<>(SocketOption.SO_REUSEADDR, true, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    s.tell(new SetOption<>(SocketOption.SO_EXCLUSIVEADDRUSE, true, opt.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, opt.receiveMessage(T).status());
    s.tell(new SetOption<>(SocketOption.SO_RCVBUF, -1, opt.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, opt.receiveMessage(T).status());
    s.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.RECEIVE),
            opt.ref()));
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE, opt.receiveMessage(T).status(), "before connect");
    TestProbe<IoctlCompleted<Long>> io = testKit.createTestProbe();
    s.tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, io.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, io.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, s);

    Peer p = connectToPlainPeer(h);
    p.ours().tell(new SetOption<>(SocketOption.SO_REUSEADDR, true, opt.ref()));
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE, opt.receiveMessage(T).status(), "after connect");
    p.ours().tell(new SetOption<>(SocketOption.IPV6_V6ONLY, true, opt.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, opt.receiveMessage(T).status());
    p.ours().tell(new SetOption<>(SocketOption.SO_KEEPALIVE, true, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    TestProbe<OptionValue<Boolean>> val = testKit.createTestProbe();
    p.ours().tell(new GetOption<>(SocketOption.SO_KEEPALIVE, val.ref()));
    assertEquals(Boolean.TRUE, val.receiveMessage(T).value());
    p.ours().tell(new SetOption<>(SocketOption.SO_SNDBUF, 65536, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    p.ours().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, io.ref()));
    IoctlCompleted<Long> ideal = io.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, ideal.status());
    assertTrue(ideal.output() > 0);
    p.ours().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, io.ref()));
    assertEquals(0L, io.receiveMessage(T).output());
    p.socket().getOutputStream().write(new byte[10]);
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    p.ours().tell(new Receive(0, r.ref())); // completes when data is there, takes nothing
    assertEquals(WskStatus.STATUS_SUCCESS, r.receiveMessage(T).status());
    p.ours().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, io.ref()));
    assertEquals(10L, io.receiveMessage(T).output());

    p.ours()
        .tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(WskEvent.SEND_BACKLOG),
                opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    SendBacklogEvent backlog = h.expectMessageClass(SendBacklogEvent.class, T);
    assertTrue(backlog.idealBacklogSize() > 0);
    p.ours().tell(new SetOption<>(SocketOption.SO_SNDBUF, 131072, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    h.expectMessageClass(SendBacklogEvent.class, T);
    closeAll(p);
  }

  @Test
  void peerGracefulAndAbortiveDisconnectEvents() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    Peer p = connectToPlainPeer(h);
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    p.ours()
        .tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(WskEvent.DISCONNECT),
                opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    p.socket().shutdownOutput();
    DisconnectEvent graceful = h.expectMessageClass(DisconnectEvent.class, T);
    assertFalse(graceful.abortive());
    // After the peer's FIN we can still send.
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    p.ours().tell(new Send(ByteString.fromString("late"), sent.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
    assertEquals(
        "late", new String(p.socket().getInputStream().readNBytes(4), StandardCharsets.UTF_8));
    closeAll(p);

    Peer q = connectToPlainPeer(h);
    q.ours()
        .tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(WskEvent.DISCONNECT),
                opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    q.socket().setSoLinger(true, 0);
    q.socket().close(); // RST
    DisconnectEvent abortive = h.expectMessageClass(DisconnectEvent.class, T);
    assertTrue(abortive.abortive());
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    q.ours().tell(new Receive(10, r.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, r.receiveMessage(T).status());
    TestProbe<SendCompleted> s2 = testKit.createTestProbe();
    q.ours().tell(new Send(ByteString.fromString("x"), s2.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, s2.receiveMessage(T).status());
    closeAll(q);
  }

  @Test
  void abortiveDisconnectResetsThePeer() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    Peer p = connectToPlainPeer(h);
    TestProbe<DisconnectCompleted> d = testKit.createTestProbe();
    p.ours().tell(new Disconnect(ByteString.fromString("x"), WskFlags.WSK_FLAG_ABORTIVE, d.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, d.receiveMessage(T).status());
    p.ours().tell(new Disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, d.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, d.receiveMessage(T).status());
    assertThrows(IOException.class, () -> p.socket().getInputStream().read(), "peer sees a reset");
    p.ours().tell(new Disconnect(null, 0, d.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, d.receiveMessage(T).status());
    closeAll(p);
  }

  @Test
  void receiveTimeoutAndWrongStateReceive() throws Exception {
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    s.tell(new Receive(10, r.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, r.receiveMessage(T).status());
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    s.tell(new Send(ByteString.fromString("x"), sent.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, sent.receiveMessage(T).status());
    ListenSocketTest.closeWith(testKit, s);

    Peer p = connectToPlainPeer(h);
    p.ours().tell(new Receive(10, 0, Duration.ofMillis(200), r.ref()));
    assertEquals(WskStatus.STATUS_IO_TIMEOUT, r.receiveMessage(T).status());
    p.socket().getOutputStream().write("later".getBytes(StandardCharsets.UTF_8));
    p.ours().tell(new Receive(5, WskFlags.WSK_FLAG_WAITALL, null, r.ref()));
    assertEquals(
        "later", r.receiveMessage(T).data().utf8String(), "timed-out receive took no data");
    closeAll(p);
  }

  @Test
  void ipv6ConnectionSendsAndReceives() throws Exception {
    Assumptions.assumeTrue(ListenSocketTest.hasIpv6Loopback(), "no IPv6 loopback on this machine");
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("::1", 0));
      server.setSoTimeout(10_000);
      TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
      TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
      f.provider.tell(
          new SocketConnect(
              new InetSocketAddress("::", 0),
              (InetSocketAddress) server.getLocalSocketAddress(),
              h.ref(),
              Duration.ofSeconds(5),
              sc.ref()));
      try (Socket peer = server.accept()) {
        peer.setSoTimeout(10_000);
        SocketConnectCompleted c = sc.receiveMessage(T);
        assertEquals(WskStatus.STATUS_SUCCESS, c.status());
        assertTrue(c.localAddress().getAddress() instanceof java.net.Inet6Address);
        TestProbe<SendCompleted> sent = testKit.createTestProbe();
        c.socket().tell(new Send(ByteString.fromString("v6"), sent.ref()));
        assertEquals("v6", new String(peer.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
        peer.getOutputStream().write("back".getBytes(StandardCharsets.UTF_8));
        TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
        c.socket().tell(new Receive(4, WskFlags.WSK_FLAG_WAITALL, null, r.ref()));
        assertEquals("back", r.receiveMessage(T).data().utf8String());
        ListenSocketTest.closeWith(testKit, c.socket());
      }
    }
  }
}
