package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;

/** Listening sockets over real loopback sockets: bind, both accept styles, dual stack, close. */
@ExtendWith(LogCapturingExtension.class)
class ListenSocketTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          "ListenSocketTest",
          com.typesafe.config.ConfigFactory.parseString(
                  "wsk-actors.listen.accept-decision-timeout = 500ms")
              .withFallback(com.typesafe.config.ConfigFactory.load("application-test")));
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "listen-tests");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  private static Socket connect(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.connect(to, 5000);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String readAll(InputStream in, int n) throws IOException {
    byte[] buf = in.readNBytes(n);
    return new String(buf, StandardCharsets.UTF_8);
  }

  @Test
  void bindToPortZeroGivesARealPortAndGetLocalAddressReportsIt() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET, lh.ref());
    TestProbe<AddressCompleted> addr = testKit.createTestProbe();
    l.tell(new GetLocalAddress(addr.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, addr.receiveMessage(T).status());

    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    l.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, bound.ref()));
    BindCompleted b = bound.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    assertNotEquals(0, b.localAddress().getPort());
    l.tell(new GetLocalAddress(addr.ref()));
    assertEquals(b.localAddress(), addr.receiveMessage(T).address());

    l.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, bound.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, bound.receiveMessage(T).status());
    close(l);
  }

  @Test
  void bindFailuresAreStatuses() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound taken = f.boundListener(lh.ref());
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET, lh.ref());
    TestProbe<BindCompleted> bound = testKit.createTestProbe();

    l.tell(new Bind(taken.address(), bound.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, bound.receiveMessage(T).status());
    // TEST-NET-1 (RFC 5737) is never a local address; nothing is sent there.
    l.tell(new Bind(new InetSocketAddress("192.0.2.1", 0), bound.ref()));
    assertEquals(WskStatus.STATUS_INVALID_ADDRESS, bound.receiveMessage(T).status());
    l.tell(new Bind(new InetSocketAddress("::1", 0), bound.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, bound.receiveMessage(T).status());
    l.tell(new Bind(InetSocketAddress.createUnresolved("nowhere.invalid", 1), bound.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, bound.receiveMessage(T).status());
    l.tell(new Bind(null, bound.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, bound.receiveMessage(T).status());
    // After failures the socket is still usable.
    l.tell(new Bind(WskFixture.LOOPBACK_ANY_PORT, bound.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, bound.receiveMessage(T).status());
    close(l);
    close(taken.socket());
  }

  @Test
  void queuedAcceptTakesAConnectionAndTheNewSocketWorks() throws Exception {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    try (Socket peer = connect(l.address())) {
      AcceptCompleted a = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, a.status());
      assertEquals(peer.getLocalSocketAddress(), a.remoteAddress());
      peer.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
      TestProbe<ReceiveCompleted> got = testKit.createTestProbe();
      a.socket()
          .tell(new Receive(4, org.wskactors.protocol.WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
      assertEquals("ping", got.receiveMessage(T).data().utf8String());
      a.socket()
          .tell(
              new org.wskactors.protocol.Send(
                  ByteString.fromString("pong"),
                  testKit.createTestProbe(org.wskactors.protocol.SendCompleted.class).ref()));
      assertEquals("pong", readAll(peer.getInputStream(), 4));
      close(a.socket());
      assertEquals(-1, peer.getInputStream().read(), "closed socket is gone for the peer");
    } catch (IOException reset) {
      // A reset is also an acceptable end for the peer after CloseSocket.
    }
    close(l.socket());
  }

  @Test
  void acceptTimesOutAndCloseCancelsPendingAccepts() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), Duration.ofMillis(200), acc.ref()));
    assertEquals(WskStatus.STATUS_IO_TIMEOUT, acc.receiveMessage(T).status());
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    close(l.socket());
    assertEquals(WskStatus.STATUS_CANCELLED, acc.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_CANCELLED, acc.receiveMessage(T).status());
  }

  @Test
  void acceptOnUnboundListenerIsWrongState() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET, lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    l.tell(new Accept(testKit.<ConnectionSocket.Event>createTestProbe().ref(), acc.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, acc.receiveMessage(T).status());
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    l.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.ACCEPT),
            opt.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, opt.receiveMessage(T).status());
    close(l);
  }

  @Test
  void acceptEventAcceptedWithEventsAndRejected() throws Exception {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    enableAccept(l.socket());
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();

    try (Socket peer = connect(l.address())) {
      AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
      assertEquals(peer.getLocalSocketAddress(), ev.remoteAddress());
      assertEquals(l.socket(), ev.listener());
      ev.replyTo().tell(AcceptEventResponse.accept(sh.ref(), WskEvent.RECEIVE));
      peer.getOutputStream().write("abc".getBytes(StandardCharsets.UTF_8));
      ReceiveEvent r = sh.expectMessageClass(ReceiveEvent.class, T);
      assertEquals("abc", r.data().utf8String());
      assertEquals(ev.acceptSocket(), r.socket());
      r.replyTo().tell(ReceiveEventResponse.consumed());
      close(ev.acceptSocket());
    }

    try (Socket peer = connect(l.address())) {
      AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
      ev.replyTo().tell(AcceptEventResponse.reject());
      assertPeerClosed(peer);
    }
    close(l.socket());
  }

  @Test
  void unansweredAcceptEventRejectsTheConnection() throws Exception {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    enableAccept(l.socket());
    try (Socket peer = connect(l.address())) {
      lh.expectMessageClass(AcceptEvent.class, T);
      // accept-decision-timeout is 500 ms in this test's config
      assertPeerClosed(peer);
    }
    close(l.socket());
  }

  @Test
  void queuedAcceptIsServedBeforeTheAcceptEvent() throws Exception {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    enableAccept(l.socket());
    try (Socket first = connect(l.address())) {
      AcceptCompleted accepted = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, accepted.status());
      assertEquals(first.getLocalSocketAddress(), accepted.remoteAddress());
      lh.expectNoMessage(Duration.ofMillis(200));
      try (Socket second = connect(l.address())) {
        AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
        assertEquals(second.getLocalSocketAddress(), ev.remoteAddress());
        ev.replyTo().tell(AcceptEventResponse.reject());
      }
    }
    close(l.socket());
  }

  @Test
  void dualStackListenerServesIpv4AndIpv6WhenV6OnlyIsOff() throws Exception {
    Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET6, lh.ref());
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    l.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    l.tell(new Bind(new InetSocketAddress("::", 0), bound.ref()));
    BindCompleted b = bound.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    int port = b.localAddress().getPort();
    // Options are only allowed before bind.
    l.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, true, opt.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, opt.receiveMessage(T).status());
    enableAccept(l);
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    for (String host : new String[] {"127.0.0.1", "::1"}) {
      try (Socket peer = connect(new InetSocketAddress(host, port))) {
        AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
        assertEquals(InetAddress.getByName(host), ev.remoteAddress().getAddress());
        assertEquals(peer.getLocalPort(), ev.remoteAddress().getPort());
        ev.replyTo().tell(AcceptEventResponse.accept(sh.ref()));
        close(ev.acceptSocket());
      }
    }
    close(l);
  }

  @Test
  void v6OnlyListenerRefusesIpv4Peers() throws Exception {
    Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET6, lh.ref());
    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    l.tell(new Bind(new InetSocketAddress("::", 0), bound.ref()));
    int port = bound.receiveMessage(T).localAddress().getPort();
    enableAccept(l);
    Socket v4;
    try {
      v4 = connect(new InetSocketAddress("127.0.0.1", port));
    } catch (java.net.SocketException resetDuringConnect) {
      v4 = null; // the listener's reset can overtake the end of connect(): refused all the same
    }
    if (v4 != null) {
      try (Socket s = v4) {
        assertPeerClosed(s);
      }
    }
    try (Socket v6 = connect(new InetSocketAddress("::1", port))) {
      AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
      assertTrue(ev.remoteAddress().getAddress() instanceof Inet6Address);
      assertEquals(v6.getLocalPort(), ev.remoteAddress().getPort());
      ev.replyTo().tell(AcceptEventResponse.reject());
    }
    close(l);
  }

  @Test
  void closeReleasesThePortForAnImmediateRebind() {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    for (int i = 0; i < 3; i++) {
      WskFixture.Bound l = f.boundListener(lh.ref());
      InetSocketAddress addr = l.address();
      close(l.socket());
      ActorRef<ListenSocket.Command> again = f.listener(AddressFamily.INET, lh.ref());
      TestProbe<BindCompleted> bound = testKit.createTestProbe();
      again.tell(new Bind(addr, bound.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, bound.receiveMessage(T).status());
      close(again);
    }
  }

  @Test
  void handlerStopClosesTheListener() throws Exception {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<Object> watcher = testKit.createTestProbe();
    lh.stop();
    watcher.expectTerminated(l.socket(), T);
    Socket s = new Socket();
    assertThrows(IOException.class, () -> s.connect(l.address(), 2000));
    s.close();
  }

  static void enableAccept(ActorRef<ListenSocket.Command> l) {
    enableAcceptWith(testKit, l);
  }

  static void enableAcceptWith(ActorTestKit testKit, ActorRef<ListenSocket.Command> l) {
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    l.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.ACCEPT),
            opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());
  }

  static void close(ActorRef<?> socket) {
    closeWith(testKit, socket);
  }

  static void closeWith(ActorTestKit testKit, ActorRef<?> socket) {
    TestProbe<CloseCompleted> p = testKit.createTestProbe();
    @SuppressWarnings("unchecked")
    ActorRef<Object> any = (ActorRef<Object>) socket;
    any.tell(new CloseSocket(p.ref()));
    assertNotNull(p.receiveMessage(T));
  }

  static void assertPeerClosed(Socket peer) throws IOException {
    peer.setSoTimeout(5000);
    try {
      assertEquals(-1, peer.getInputStream().read());
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection was not closed by the listener side", e);
    } catch (IOException reset) {
      // a reset is how a rejected connection ends
    }
  }

  static boolean hasIpv6Loopback() {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
