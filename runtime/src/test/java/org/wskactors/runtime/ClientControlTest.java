package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.ControlClientCompleted;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketType;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;
import org.wskactors.protocol.WskTransport;
import org.wskactors.runtime.internal.ClientActor;

/** WskControlClient: transport list query and change, static event callbacks, unsupported codes. */
@ExtendWith(LogCapturingExtension.class)
class ClientControlTest {
  static final ActorTestKit testKit =
      ActorTestKit.create("ClientControlTest", ConfigFactory.load("application-test"));
  static final Duration T = WskFixture.TIMEOUT;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static <I, O> ControlClientCompleted<O> control(
      WskFixture f, ClientControlCode<I, O> code, I input) {
    TestProbe<ControlClientCompleted<O>> p = testKit.createTestProbe();
    f.provider.tell(new ControlClient<>(code, input, p.ref()));
    return p.receiveMessage(T);
  }

  static void deregister(WskFixture f, int expectedClosed) {
    TestProbe<Deregistered> d = testKit.createTestProbe();
    f.provider.tell(new Deregister(d.ref()));
    Deregistered done = d.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, done.status());
    if (expectedClosed >= 0) assertEquals(expectedClosed, done.socketsClosed());
    d.expectTerminated(f.provider, T);
  }

  static int socketCount(WskFixture f) {
    TestProbe<Integer> p = testKit.createTestProbe();
    f.provider.<Object>unsafeUpcast().tell(new ClientActor.GetSocketCount(p.ref()));
    return p.receiveMessage(T);
  }

  static void awaitSocketCount(WskFixture f, int expected) {
    TestProbe<Integer> p = testKit.createTestProbe();
    p.awaitAssert(
        T,
        () -> {
          assertEquals(expected, socketCount(f));
          return null;
        });
  }

  static ActorRef<BasicSocket.Command> basic(WskFixture f) {
    TestProbe<SocketCreated<BasicSocket.Command>> p = testKit.createTestProbe();
    f.provider.tell(new CreateBasicSocket(AddressFamily.INET, p.ref()));
    SocketCreated<BasicSocket.Command> c = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    return c.socket();
  }

  static WskStatus addressListQuery(ActorRef<BasicSocket.Command> s) {
    TestProbe<IoctlCompleted<List<InetAddress>>> p = testKit.createTestProbe();
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_QUERY, p.ref()));
    return p.receiveMessage(T).status();
  }

  static void close(ActorRef<BasicSocket.Command> s) {
    TestProbe<CloseCompleted> p = testKit.createTestProbe();
    s.tell(new CloseSocket(p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
    p.expectTerminated(s, T);
  }

  @Test
  void transportListQueryListsTcpAndUdpOverBothFamilies() {
    WskFixture f = new WskFixture(testKit, "transports");
    ControlClientCompleted<List<WskTransport>> r =
        control(f, ClientControlCode.WSK_TRANSPORT_LIST_QUERY, null);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals(ClientControlCode.WSK_TRANSPORT_LIST_QUERY, r.code());
    assertEquals(
        Set.of(
            new WskTransport(0x0100, SocketType.STREAM, 6, AddressFamily.INET),
            new WskTransport(0x0100, SocketType.STREAM, 6, AddressFamily.INET6),
            new WskTransport(0x0100, SocketType.DGRAM, 17, AddressFamily.INET),
            new WskTransport(0x0100, SocketType.DGRAM, 17, AddressFamily.INET6)),
        new HashSet<>(r.output()));
    assertEquals(4, r.output().size());
    deregister(f, 0);
  }

  @Test
  void transportListChangeStaysPendingAndDeregisterCancelsIt() {
    WskFixture f = new WskFixture(testKit, "transport-change");
    TestProbe<ControlClientCompleted<Void>> change = testKit.createTestProbe();
    f.provider.tell(
        new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, null, change.ref()));
    f.provider.tell(
        new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, null, change.ref()));
    // Other controls are answered meanwhile.
    assertEquals(
        WskStatus.STATUS_SUCCESS,
        control(f, ClientControlCode.WSK_TRANSPORT_LIST_QUERY, null).status());
    change.expectNoMessage(Duration.ofMillis(200));
    TestProbe<Deregistered> d = testKit.createTestProbe();
    f.provider.tell(new Deregister(d.ref()));
    for (int i = 0; i < 2; i++) {
      ControlClientCompleted<Void> c = change.receiveMessage(T);
      assertEquals(WskStatus.STATUS_CANCELLED, c.status());
      assertEquals(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, c.code());
      assertNull(c.output());
    }
    assertEquals(WskStatus.STATUS_SUCCESS, d.receiveMessage(T).status());
  }

  @Test
  void staticEventCallbacksBeforeTheFirstSocketEnableAcceptAndReceiveEvents() throws Exception {
    WskFixture f = new WskFixture(testKit, "static-events");
    assertEquals(
        WskStatus.STATUS_SUCCESS,
        control(
                f,
                ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS,
                EnumSet.of(WskEvent.ACCEPT, WskEvent.RECEIVE))
            .status());
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref()); // no SO_WSK_EVENT_CALLBACK set on it

    // Too late now: the client has a socket.
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        control(
                f,
                ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS,
                EnumSet.of(WskEvent.DISCONNECT))
            .status());

    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    try (Socket peer = new Socket()) {
      peer.connect(l.address(), 5000);
      AcceptEvent ev = lh.expectMessageClass(AcceptEvent.class, T);
      assertEquals(l.socket(), ev.listener());
      assertEquals(peer.getLocalPort(), ev.remoteAddress().getPort());
      ev.replyTo().tell(AcceptEventResponse.accept(ch.ref())); // no events named here

      OutputStream out = peer.getOutputStream();
      out.write("hello".getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteString got = ByteString.emptyByteString();
      while (got.size() < 5) {
        ReceiveEvent r = ch.expectMessageClass(ReceiveEvent.class, T);
        assertEquals(ev.acceptSocket(), r.socket());
        got = got.concat(r.data());
        r.replyTo().tell(ReceiveEventResponse.consumed());
      }
      assertEquals("hello", got.utf8String());
    }
    deregister(f, -1); // the listener and the accepted socket, unless the peer's close won
  }

  @Test
  void staticEventCallbacksRefuseBadInput() {
    WskFixture f = new WskFixture(testKit, "static-bad");
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        control(f, ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, null).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        control(f, ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, Set.<WskEvent>of()).status());
    // A basic socket counts as the client's first socket too.
    ActorRef<BasicSocket.Command> b = basic(f);
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        control(f, ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, EnumSet.of(WskEvent.RECEIVE))
            .status());
    close(b);
    awaitSocketCount(f, 0); // the client sees the stop a moment after the close reply
    deregister(f, 0);
  }

  @Test
  void tdiAndSecurityDescriptorCodesAreNotSupported() {
    WskFixture f = new WskFixture(testKit, "unsupported");
    for (ClientControlCode<Object, Object> code :
        List.of(
            ClientControlCode.WSK_TDI_DEVICENAME_MAPPING,
            ClientControlCode.WSK_TDI_BEHAVIOR,
            ClientControlCode.WSK_CACHE_SD,
            ClientControlCode.WSK_RELEASE_SD)) {
      ControlClientCompleted<Object> r = control(f, code, 1);
      assertEquals(WskStatus.STATUS_NOT_SUPPORTED, r.status(), code.name());
      assertEquals(code, r.code());
      assertNull(r.output());
    }
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        control(f, (ClientControlCode<Void, Void>) null, null).status());
    deregister(f, 0);
  }

  @Test
  void severalClientsAtOnceAndDeregisterClosesOnlyThatClientsSockets() {
    WskFixture a = new WskFixture(testKit, "multi-a");
    WskFixture b = new WskFixture(testKit, "multi-b");
    WskFixture c = new WskFixture(testKit, "multi-c");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<BasicSocket.Command> aBasic = basic(a);
    WskFixture.Bound aListener = a.boundListener(lh.ref());
    ActorRef<BasicSocket.Command> bBasic = basic(b);
    WskFixture.Bound bListener = b.boundListener(lh.ref());
    ActorRef<BasicSocket.Command> cBasic = basic(c);
    TestProbe<ControlClientCompleted<Void>> aChange = testKit.createTestProbe();
    TestProbe<ControlClientCompleted<Void>> bChange = testKit.createTestProbe();
    a.provider.tell(
        new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, null, aChange.ref()));
    b.provider.tell(
        new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, null, bChange.ref()));
    // Static events are per client: a fresh client may still set them.
    WskFixture d = new WskFixture(testKit, "multi-d");
    assertEquals(
        WskStatus.STATUS_SUCCESS,
        control(d, ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, EnumSet.of(WskEvent.ACCEPT))
            .status());

    deregister(a, 2);
    assertEquals(WskStatus.STATUS_CANCELLED, aChange.receiveMessage(T).status());
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(aBasic, T);
    watcher.expectTerminated(aListener.socket(), T);

    // b and c keep their sockets and their pending control.
    bChange.expectNoMessage(Duration.ofMillis(200));
    assertEquals(2, socketCount(b));
    assertEquals(1, socketCount(c));
    assertEquals(WskStatus.STATUS_SUCCESS, addressListQuery(bBasic));
    assertTrue(bListener.address().getPort() > 0);

    deregister(b, 2);
    assertEquals(WskStatus.STATUS_CANCELLED, bChange.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, addressListQuery(cBasic));
    deregister(c, 1);
    deregister(d, 0);
  }
}
