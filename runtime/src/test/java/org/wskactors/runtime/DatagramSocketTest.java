package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.ControlClientCompleted;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.MulticastGroup;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SendMessages;
import org.wskactors.protocol.SendMessagesCompleted;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.UdpOptions;

/**
 * Datagram sockets on loopback (IPv4, and IPv6 where {@code ::1} exists): bind, send and receive
 * between our sockets and plain Java sockets, truncation, timeouts, receive-from events with their
 * three replies, default destinations and the receive filter, options and their state rules,
 * multicast, {@code SendMessages}, the receive window under a flood, and the lifecycle (close,
 * deregistration, handler stop; an injected failure, over both transports, in {@link
 * DatagramTransportTest}).
 */
@ExtendWith(LogCapturingExtension.class)
class DatagramSocketTest {
  static final ActorTestKit testKit = ActorTestKit.create("DatagramSocketTest");
  static final Duration T = WskFixture.TIMEOUT;
  static final Duration QUIET = Duration.ofMillis(300);
  static final InetSocketAddress V4 = new InetSocketAddress("127.0.0.1", 0);
  static final InetSocketAddress V6 = new InetSocketAddress("::1", 0);
  static final int WINDOW = WskSettings.create(testKit.system()).receiveWindow();

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  // ---- helpers -------------------------------------------------------------------------------

  static void assumeIpv6() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(V6)) {
      assumeTrue(s.getLocalPort() > 0);
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback (::1) on this machine: " + e);
    }
  }

  static InetSocketAddress loopbackOf(AddressFamily family) {
    return family == AddressFamily.INET ? V4 : V6;
  }

  static SendToCompleted sendTo(
      ActorRef<DatagramSocket.Command> s, ByteString data, InetSocketAddress remote) {
    TestProbe<SendToCompleted> p = testKit.createTestProbe();
    s.tell(new SendTo(data, remote, WskFlags.NONE, p.ref()));
    return p.receiveMessage(T);
  }

  static void sendOk(ActorRef<DatagramSocket.Command> s, String text, InetSocketAddress remote) {
    SendToCompleted c = sendTo(s, ByteString.fromString(text), remote);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    assertEquals(text.length(), c.bytesSent());
  }

  static TestProbe<ReceiveFromCompleted> postReceive(
      ActorRef<DatagramSocket.Command> s, int maxBytes, Duration timeout) {
    TestProbe<ReceiveFromCompleted> p = testKit.createTestProbe();
    s.tell(new ReceiveFrom(maxBytes, WskFlags.NONE, timeout, p.ref()));
    return p;
  }

  static ReceiveFromCompleted receive(ActorRef<DatagramSocket.Command> s, int maxBytes) {
    return postReceive(s, maxBytes, T).receiveMessage(T);
  }

  static <T> WskStatus set(ActorRef<DatagramSocket.Command> s, SocketOption<T> opt, T value) {
    TestProbe<OptionSet> p = testKit.createTestProbe();
    s.tell(new SetOption<>(opt, value, p.ref()));
    return p.receiveMessage(T).status();
  }

  static <T> OptionValue<T> get(ActorRef<DatagramSocket.Command> s, SocketOption<T> opt) {
    TestProbe<OptionValue<T>> p = testKit.createTestProbe();
    s.tell(new GetOption<>(opt, p.ref()));
    return p.receiveMessage(T);
  }

  static WskStatus ioctl(
      ActorRef<DatagramSocket.Command> s,
      IoctlCode<InetSocketAddress, Void> code,
      InetSocketAddress input) {
    TestProbe<IoctlCompleted<Void>> p = testKit.createTestProbe();
    s.tell(new Ioctl<>(code, input, p.ref()));
    return p.receiveMessage(T).status();
  }

  static WskStatus enableEvents(ActorRef<DatagramSocket.Command> s) {
    return set(
        s, SocketOption.SO_WSK_EVENT_CALLBACK, EventCallbackControl.enable(WskEvent.RECEIVE_FROM));
  }

  static void close(ActorRef<DatagramSocket.Command> s) {
    TestProbe<CloseCompleted> p = testKit.createTestProbe();
    s.tell(new CloseSocket(p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
    testKit.createTestProbe().expectTerminated(s, T);
  }

  static java.net.DatagramSocket javaSocket(InetSocketAddress local) throws IOException {
    java.net.DatagramSocket s = new java.net.DatagramSocket(local);
    s.setSoTimeout((int) T.toMillis());
    return s;
  }

  static void javaSend(java.net.DatagramSocket s, byte[] data, InetSocketAddress to)
      throws IOException {
    s.send(new DatagramPacket(data, data.length, to));
  }

  // ---- bind and local address ----------------------------------------------------------------

  @Test
  void bindPicksARealPortAndTheStateRulesHold() {
    WskFixture f = new WskFixture(testKit, "dg-bind");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());

    TestProbe<AddressCompleted> addr = testKit.createTestProbe();
    s.tell(new GetLocalAddress(addr.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, addr.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, receive(s, 10).status());
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        sendTo(s, ByteString.fromString("x"), new InetSocketAddress("127.0.0.1", 9)).status());
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, enableEvents(s));

    TestProbe<BindCompleted> bind = testKit.createTestProbe();
    s.tell(new Bind(V6, bind.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, bind.receiveMessage(T).status());
    s.tell(new Bind(new InetSocketAddress("192.0.2.123", 0), bind.ref()));
    assertEquals(WskStatus.STATUS_INVALID_ADDRESS, bind.receiveMessage(T).status());

    InetSocketAddress local = f.bindDatagram(s, V4);
    assertNotEquals(0, local.getPort());
    assertEquals(InetAddress.getLoopbackAddress(), local.getAddress());
    s.tell(new GetLocalAddress(addr.ref()));
    AddressCompleted a = addr.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    assertEquals(local, a.address());
    s.tell(new Bind(V4, bind.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, bind.receiveMessage(T).status());

    // The port is taken: a second socket gets STATUS_ADDRESS_ALREADY_EXISTS.
    ActorRef<DatagramSocket.Command> other = f.datagram(AddressFamily.INET, h.ref());
    other.tell(new Bind(local, bind.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, bind.receiveMessage(T).status());
    close(other);
    close(s);
  }

  @Test
  void wildcardBindOfAnIpv4SocketReportsAnIpv4Address() {
    WskFixture f = new WskFixture(testKit, "dg-wildcard");
    ActorRef<DatagramSocket.Command> s =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    InetSocketAddress local = f.bindDatagram(s, new InetSocketAddress("0.0.0.0", 0));
    assertInstanceOf(Inet4Address.class, local.getAddress());
    assertTrue(local.getAddress().isAnyLocalAddress());
    close(s);
  }

  // ---- send and receive ----------------------------------------------------------------------

  void exchangeBetweenTwoOfOurSockets(AddressFamily family, String client) {
    WskFixture f = new WskFixture(testKit, client);
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> a = f.datagram(family, h.ref());
    ActorRef<DatagramSocket.Command> b = f.datagram(family, h.ref());
    InetSocketAddress aAddr = f.bindDatagram(a, loopbackOf(family));
    InetSocketAddress bAddr = f.bindDatagram(b, loopbackOf(family));

    // Posted before the datagram arrives.
    TestProbe<ReceiveFromCompleted> early = postReceive(b, 100, T);
    sendOk(a, "hello", bAddr);
    ReceiveFromCompleted r = early.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals("hello", r.data().utf8String());
    assertEquals(aAddr, r.remoteAddress());
    assertEquals(0, r.controlFlags());

    // Queued in the socket, then received; replies go back the same way; order is kept.
    sendOk(a, "one", bAddr);
    sendOk(a, "two", bAddr);
    assertEquals("one", receive(b, 100).data().utf8String());
    assertEquals("two", receive(b, 100).data().utf8String());
    sendOk(b, "back", aAddr);
    ReceiveFromCompleted back = receive(a, 100);
    assertEquals("back", back.data().utf8String());
    assertEquals(bAddr, back.remoteAddress());

    // A zero-length datagram is a datagram.
    SendToCompleted empty = sendTo(a, ByteString.emptyByteString(), bAddr);
    assertEquals(WskStatus.STATUS_SUCCESS, empty.status());
    assertEquals(0, empty.bytesSent());
    ReceiveFromCompleted e = receive(b, 100);
    assertEquals(WskStatus.STATUS_SUCCESS, e.status());
    assertTrue(e.data().isEmpty());
    assertEquals(aAddr, e.remoteAddress());
    close(a);
    close(b);
  }

  @Test
  void sendToBetweenTwoSocketsOverIpv4() {
    exchangeBetweenTwoOfOurSockets(AddressFamily.INET, "dg-v4");
  }

  @Test
  void sendToBetweenTwoSocketsOverIpv6() {
    assumeIpv6();
    exchangeBetweenTwoOfOurSockets(AddressFamily.INET6, "dg-v6");
  }

  @Test
  void sendToAndFromAPlainJavaDatagramSocket() throws IOException {
    WskFixture f = new WskFixture(testKit, "dg-java");
    ActorRef<DatagramSocket.Command> s =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    try (java.net.DatagramSocket peer = javaSocket(V4)) {
      InetSocketAddress peerAddr = (InetSocketAddress) peer.getLocalSocketAddress();
      javaSend(peer, "from java".getBytes(), local);
      ReceiveFromCompleted r = receive(s, 100);
      assertEquals("from java", r.data().utf8String());
      assertEquals(peerAddr, r.remoteAddress());

      sendOk(s, "to java", peerAddr);
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      peer.receive(p);
      assertEquals("to java", new String(p.getData(), 0, p.getLength()));
      assertEquals(local, p.getSocketAddress());
    }
    close(s);
  }

  @Test
  void receiveFromTruncatesWithMsgTruncAndTimesOut() {
    WskFixture f = new WskFixture(testKit, "dg-trunc");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> a = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> b = f.datagram(AddressFamily.INET, h.ref());
    f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);

    sendOk(a, "0123456789abcdef", bAddr);
    ReceiveFromCompleted cut = receive(b, 10);
    assertEquals(WskStatus.STATUS_SUCCESS, cut.status());
    assertEquals("0123456789", cut.data().utf8String());
    assertEquals(WskFlags.MSG_TRUNC, cut.controlFlags() & WskFlags.MSG_TRUNC);
    // The rest of a cut datagram is gone, as in UDP: the next receive times out.
    ReceiveFromCompleted timedOut = postReceive(b, 100, Duration.ofMillis(200)).receiveMessage(T);
    assertEquals(WskStatus.STATUS_IO_TIMEOUT, timedOut.status());
    assertTrue(timedOut.data().isEmpty());
    assertNull(timedOut.remoteAddress());

    sendOk(a, "exact", bAddr);
    ReceiveFromCompleted exact = receive(b, 5);
    assertEquals("exact", exact.data().utf8String());
    assertEquals(0, exact.controlFlags());

    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, receive(b, -1).status());
    TestProbe<ReceiveFromCompleted> p = testKit.createTestProbe();
    b.tell(new ReceiveFrom(10, WskFlags.MSG_TRUNC, null, p.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, p.receiveMessage(T).status());
    close(a);
    close(b);
  }

  // ---- receive-from events -------------------------------------------------------------------

  @Test
  void receiveFromEventsConsumedRetainedAndNotAccepted() {
    WskFixture f = new WskFixture(testKit, "dg-events");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> a =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> b = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress aAddr = f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        set(b, SocketOption.SO_WSK_EVENT_CALLBACK, EventCallbackControl.enable(WskEvent.ACCEPT)));
    assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(b));

    // Consumed.
    sendOk(a, "d1", bAddr);
    ReceiveFromEvent e1 = h.expectMessageClass(ReceiveFromEvent.class, T);
    assertEquals(b, e1.socket());
    assertEquals(1, e1.datagrams().size());
    DatagramIndication d1 = e1.datagrams().get(0);
    assertEquals("d1", d1.data().utf8String());
    assertEquals(aAddr, d1.remoteAddress());
    assertEquals(0, d1.flags());
    e1.replyTo().tell(ReceiveEventResponse.consumed());

    // Retained, then released once; a second release is refused.
    sendOk(a, "d2", bAddr);
    ReceiveFromEvent e2 = h.expectMessageClass(ReceiveFromEvent.class, T);
    assertEquals("d2", e2.datagrams().get(0).data().utf8String());
    e2.replyTo().tell(ReceiveEventResponse.retained());
    TestProbe<ReleaseCompleted> rel = testKit.createTestProbe();
    b.tell(new Release(e2.indicationId(), rel.ref()));
    assertEquals(
        new ReleaseCompleted(WskStatus.STATUS_SUCCESS, e2.indicationId()), rel.receiveMessage(T));
    b.tell(new Release(e2.indicationId(), rel.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, rel.receiveMessage(T).status());

    // Not accepted: the socket keeps it and events pause until a ReceiveFrom is posted.
    sendOk(a, "d3", bAddr);
    ReceiveFromEvent e3 = h.expectMessageClass(ReceiveFromEvent.class, T);
    e3.replyTo().tell(ReceiveEventResponse.notAccepted());
    sendOk(a, "d4", bAddr);
    h.expectNoMessage(QUIET);
    ReceiveFromCompleted r = receive(b, 100);
    assertEquals("d3", r.data().utf8String()); // the refused datagram is first
    ReceiveFromEvent e4 = h.expectMessageClass(ReceiveFromEvent.class, T);
    assertEquals(List.of("d4"), texts(e4));
    e4.replyTo().tell(ReceiveEventResponse.consumed());

    // Disabled: datagrams wait for a ReceiveFrom.
    assertEquals(
        WskStatus.STATUS_SUCCESS,
        set(
            b,
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.disable(WskEvent.RECEIVE_FROM)));
    sendOk(a, "d5", bAddr);
    h.expectNoMessage(QUIET);
    assertEquals("d5", receive(b, 100).data().utf8String());
    close(a);
    close(b);
  }

  static List<String> texts(ReceiveFromEvent e) {
    List<String> out = new ArrayList<>();
    for (DatagramIndication d : e.datagrams()) out.add(d.data().utf8String());
    return out;
  }

  /**
   * Two bound IPv4 datagram sockets of a new client: {@code a} sends, {@code b} (at {@code bAddr})
   * has receive-from events on, delivered to {@code h}.
   */
  record EventPair(
      ActorRef<DatagramSocket.Command> a,
      ActorRef<DatagramSocket.Command> b,
      InetSocketAddress bAddr,
      TestProbe<DatagramSocket.Event> h) {

    static EventPair create(String client) {
      WskFixture f = new WskFixture(testKit, client);
      TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
      ActorRef<DatagramSocket.Command> a =
          f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
      ActorRef<DatagramSocket.Command> b = f.datagram(AddressFamily.INET, h.ref());
      f.bindDatagram(a, V4);
      InetSocketAddress bAddr = f.bindDatagram(b, V4);
      assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(b));
      return new EventPair(a, b, bAddr, h);
    }

    /** {@code a} sends {@code text} to {@code b}. */
    void send(String text) {
      sendOk(a, text, bAddr);
    }

    /** The next receive-from event of {@code b}. */
    ReceiveFromEvent event() {
      return h.expectMessageClass(ReceiveFromEvent.class, T);
    }

    void close() {
      DatagramSocketTest.close(a);
      DatagramSocketTest.close(b);
    }
  }

  @Test
  void aPostedReceiveFromIsServedBeforeTheEvent() {
    EventPair p = EventPair.create("dg-precedence");
    TestProbe<ReceiveFromCompleted> posted = postReceive(p.b(), 100, T);
    p.send("first");
    assertEquals("first", posted.receiveMessage(T).data().utf8String());
    p.h().expectNoMessage(QUIET);
    p.send("second");
    ReceiveFromEvent e = p.event();
    assertEquals(List.of("second"), texts(e));
    e.replyTo().tell(ReceiveEventResponse.consumed());
    p.close();
  }

  @Test
  void aSendInTheReplyIsRefusedByADatagramSocketAndTheIndicationCountsAsConsumed() {
    EventPair p = EventPair.create("dg-until-sent");
    p.send("one");
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    p.event()
        .replyTo()
        .tell(
            ReceiveEventResponse.retainedUntilSent(
                new Send(ByteString.fromString("answer"), sent.ref())));
    assertEquals(new SendCompleted(WskStatus.STATUS_NOT_SUPPORTED, 0), sent.receiveMessage(T));
    // Taken, not retained: the next datagram is indicated at once.
    p.send("two");
    ReceiveFromEvent e2 = p.event();
    assertEquals(List.of("two"), texts(e2));
    e2.replyTo().tell(ReceiveEventResponse.consumed());
    p.close();
  }

  @Test
  void staticEventCallbacksEnableReceiveFromEventsFromTheStart() {
    WskFixture f = new WskFixture(testKit, "dg-static");
    TestProbe<ControlClientCompleted<Void>> cc = testKit.createTestProbe();
    f.provider.tell(
        new ControlClient<>(
            ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS,
            EnumSet.of(WskEvent.RECEIVE_FROM),
            cc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, cc.receiveMessage(T).status());
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    sendOk(s, "self", local);
    ReceiveFromEvent e = h.expectMessageClass(ReceiveFromEvent.class, T);
    assertEquals(List.of("self"), texts(e));
    e.replyTo().tell(ReceiveEventResponse.consumed());
    close(s);
  }

  // ---- send checks ---------------------------------------------------------------------------

  @Test
  void sendChecksSizeFlagsAndDestination() {
    WskFixture f = new WskFixture(testKit, "dg-checks");
    ActorRef<DatagramSocket.Command> a =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> b =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);

    ByteString tooBig = ByteString.fromArray(new byte[SendTo.MAX_IPV4_DATAGRAM + 1]);
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sendTo(a, tooBig, bAddr).status());
    ByteString largest = ByteString.fromArray(new byte[SendTo.MAX_IPV4_DATAGRAM]);
    assertEquals(WskStatus.STATUS_SUCCESS, sendTo(a, largest, bAddr).status());
    ReceiveFromCompleted r = receive(b, 70_000);
    assertEquals(SendTo.MAX_IPV4_DATAGRAM, r.data().size());
    assertEquals(0, r.controlFlags());

    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sendTo(a, null, bAddr).status());
    TestProbe<SendToCompleted> p = testKit.createTestProbe();
    a.tell(new SendTo(ByteString.fromString("x"), bAddr, WskFlags.MSG_BCAST, p.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, p.receiveMessage(T).status());
    ByteString x = ByteString.fromString("x");
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, sendTo(a, x, null).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        sendTo(a, x, new InetSocketAddress("0.0.0.0", bAddr.getPort())).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        sendTo(a, x, new InetSocketAddress("127.0.0.1", 0)).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        sendTo(a, x, new InetSocketAddress("::1", bAddr.getPort())).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        sendTo(a, x, InetSocketAddress.createUnresolved("localhost", bAddr.getPort())).status());
    // Nothing of the refused sends arrived.
    assertEquals(
        WskStatus.STATUS_IO_TIMEOUT,
        postReceive(b, 100, Duration.ofMillis(200)).receiveMessage(T).status());
    close(a);
    close(b);
  }

  @Test
  void ipv6SizeLimitIs65527() {
    assumeIpv6();
    WskFixture f = new WskFixture(testKit, "dg-v6-size");
    ActorRef<DatagramSocket.Command> a =
        f.datagram(AddressFamily.INET6, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> b =
        f.datagram(AddressFamily.INET6, testKit.<DatagramSocket.Event>createTestProbe().ref());
    f.bindDatagram(a, V6);
    InetSocketAddress bAddr = f.bindDatagram(b, V6);
    ByteString tooBig = ByteString.fromArray(new byte[SendTo.MAX_IPV6_DATAGRAM + 1]);
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, sendTo(a, tooBig, bAddr).status());
    ByteString largest = ByteString.fromArray(new byte[SendTo.MAX_IPV6_DATAGRAM]);
    assertEquals(WskStatus.STATUS_SUCCESS, sendTo(a, largest, bAddr).status());
    assertEquals(SendTo.MAX_IPV6_DATAGRAM, receive(b, 70_000).data().size());
    close(a);
    close(b);
  }

  @Test
  void sendMessagesSendsEveryDatagramInOrderOrRefusesTheWholeRequest() {
    WskFixture f = new WskFixture(testKit, "dg-sendmessages");
    ActorRef<DatagramSocket.Command> a =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> b =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);
    List<ByteString> datagrams = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 10; i++) {
      ByteString d = ByteString.fromString("message-" + i);
      datagrams.add(d);
      bytes += d.size();
    }
    TestProbe<SendMessagesCompleted> p = testKit.createTestProbe();
    a.tell(new SendMessages(datagrams, bAddr, WskFlags.NONE, p.ref()));
    assertEquals(
        new SendMessagesCompleted(WskStatus.STATUS_SUCCESS, 10, bytes), p.receiveMessage(T));
    for (int i = 0; i < 10; i++) assertEquals("message-" + i, receive(b, 100).data().utf8String());

    List<ByteString> withOversized =
        List.of(
            ByteString.fromString("ok"),
            ByteString.fromArray(new byte[SendTo.MAX_IPV4_DATAGRAM + 1]));
    a.tell(new SendMessages(withOversized, bAddr, WskFlags.NONE, p.ref()));
    assertEquals(
        new SendMessagesCompleted(WskStatus.STATUS_INVALID_PARAMETER, 0, 0), p.receiveMessage(T));
    a.tell(new SendMessages(List.of(), bAddr, WskFlags.NONE, p.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, p.receiveMessage(T).status());
    a.tell(new SendMessages(datagrams, null, WskFlags.NONE, p.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, p.receiveMessage(T).status());
    assertEquals(
        WskStatus.STATUS_IO_TIMEOUT,
        postReceive(b, 100, Duration.ofMillis(200)).receiveMessage(T).status());
    close(a);
    close(b);
  }

  // ---- default destinations and the receive filter -------------------------------------------

  @Test
  void setRemoteAddressIsTheDefaultDestinationAndFiltersOtherSenders() {
    WskFixture f = new WskFixture(testKit, "dg-remote");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> a = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> b = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> c = f.datagram(AddressFamily.INET, h.ref());
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        ioctl(a, IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, new InetSocketAddress("127.0.0.1", 9)));
    InetSocketAddress aAddr = f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);
    f.bindDatagram(c, V4);

    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER, ioctl(a, IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, V4));
    assertEquals(WskStatus.STATUS_SUCCESS, ioctl(a, IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, bAddr));
    sendOk(a, "default", null);
    ReceiveFromCompleted atB = receive(b, 100);
    assertEquals("default", atB.data().utf8String());
    assertEquals(aAddr, atB.remoteAddress());

    // C is filtered out, B gets through.
    sendOk(c, "from c", aAddr);
    sendOk(b, "from b", aAddr);
    ReceiveFromCompleted atA = receive(a, 100);
    assertEquals("from b", atA.data().utf8String());
    assertEquals(bAddr, atA.remoteAddress());
    assertEquals(
        WskStatus.STATUS_IO_TIMEOUT,
        postReceive(a, 100, Duration.ofMillis(200)).receiveMessage(T).status());

    // Cleared: C gets through, and there is no default destination any more.
    assertEquals(WskStatus.STATUS_SUCCESS, ioctl(a, IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, null));
    sendOk(c, "from c again", aAddr);
    assertEquals("from c again", receive(a, 100).data().utf8String());
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        sendTo(a, ByteString.fromString("x"), null).status());

    // Other IOCTLs are not datagram IOCTLs.
    TestProbe<IoctlCompleted<Long>> q = testKit.createTestProbe();
    a.tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, q.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_REQUEST, q.receiveMessage(T).status());

    // The filtered datagram is counted and logged when the socket closes.
    LoggingTestKit.debug("1 from other senders")
        .expect(
            testKit.system(),
            () -> {
              close(a);
              return null;
            });
    close(b);
    close(c);
  }

  @Test
  void setSendToAddressIsOnlyADefaultDestination() {
    WskFixture f = new WskFixture(testKit, "dg-sendto");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> a = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> b = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> c = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress aAddr = f.bindDatagram(a, V4);
    InetSocketAddress bAddr = f.bindDatagram(b, V4);
    InetSocketAddress cAddr = f.bindDatagram(c, V4);
    assertEquals(WskStatus.STATUS_SUCCESS, ioctl(a, IoctlCode.SIO_WSK_SET_SENDTO_ADDRESS, bAddr));
    sendOk(a, "default", null);
    assertEquals("default", receive(b, 100).data().utf8String());
    sendOk(a, "explicit", cAddr); // a per-call destination still wins
    assertEquals("explicit", receive(c, 100).data().utf8String());
    sendOk(c, "no filter", aAddr);
    ReceiveFromCompleted r = receive(a, 100);
    assertEquals("no filter", r.data().utf8String());
    assertEquals(cAddr, r.remoteAddress());
    assertEquals(WskStatus.STATUS_SUCCESS, ioctl(a, IoctlCode.SIO_WSK_SET_SENDTO_ADDRESS, null));
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        sendTo(a, ByteString.fromString("x"), null).status());
    close(a);
    close(b);
    close(c);
  }

  // ---- options -------------------------------------------------------------------------------

  @Test
  void optionStateRulesAndValues() throws IOException {
    WskFixture f = new WskFixture(testKit, "dg-options");
    ActorRef<DatagramSocket.Command> s =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    assertEquals(Boolean.FALSE, get(s, SocketOption.SO_BROADCAST).value());
    assertEquals(Boolean.TRUE, get(s, SocketOption.IP_MULTICAST_LOOP).value());
    assertEquals(1, get(s, SocketOption.IP_MULTICAST_TTL).value());
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.SO_BROADCAST, true));
    assertEquals(Boolean.TRUE, get(s, SocketOption.SO_BROADCAST).value());
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.SO_RCVBUF, 128 * 1024));
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.SO_SNDBUF, 64 * 1024));
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.IP_MULTICAST_TTL, 3));
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.SO_REUSEADDR, true));
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER, set(s, SocketOption.SO_EXCLUSIVEADDRUSE, true));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, set(s, SocketOption.SO_RCVBUF, 0));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, set(s, SocketOption.IP_MULTICAST_TTL, 256));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, set(s, SocketOption.IPV6_V6ONLY, false));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, set(s, SocketOption.TCP_NODELAY, true));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, set(s, SocketOption.SO_KEEPALIVE, true));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, set(s, SocketOption.SO_CONDITIONAL_ACCEPT, true));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, get(s, SocketOption.TCP_NODELAY).status());
    assertEquals(
        WskStatus.STATUS_NOT_SUPPORTED, get(s, SocketOption.SO_WSK_EVENT_CALLBACK).status());
    assertEquals(
        WskStatus.STATUS_INVALID_DEVICE_STATE,
        set(
            s,
            SocketOption.MCAST_JOIN_GROUP,
            new MulticastGroup(InetAddress.getByAddress(new byte[] {(byte) 239, 1, 2, 3}), null)));

    f.bindDatagram(s, V4);
    // Before-bind options are fixed now; the values stay readable from the channel.
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, set(s, SocketOption.SO_BROADCAST, false));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, set(s, SocketOption.SO_REUSEADDR, false));
    assertEquals(Boolean.TRUE, get(s, SocketOption.SO_BROADCAST).value());
    assertEquals(Boolean.TRUE, get(s, SocketOption.SO_REUSEADDR).value());
    assertEquals(3, get(s, SocketOption.IP_MULTICAST_TTL).value());
    assertTrue(get(s, SocketOption.SO_RCVBUF).value() >= 128 * 1024);
    // Channel options may still change.
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.IP_MULTICAST_TTL, 5));
    assertEquals(5, get(s, SocketOption.IP_MULTICAST_TTL).value());
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.IP_MULTICAST_LOOP, false));
    assertEquals(Boolean.FALSE, get(s, SocketOption.IP_MULTICAST_LOOP).value());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        set(
            s,
            SocketOption.SO_WSK_EVENT_CALLBACK,
            new EventCallbackControl(EnumSet.of(WskEvent.RECEIVE_FROM, WskEvent.RECEIVE), true)));
    close(s);
  }

  @Test
  void broadcastNeedsSoBroadcastAndARefusedSendDoesNotStopTheSocket() {
    assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
        "the loopback broadcast address 127.255.255.255 is a Linux route");
    WskFixture f = new WskFixture(testKit, "dg-broadcast");
    ActorRef<DatagramSocket.Command> receiver =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> plain =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> broadcaster =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    assertEquals(WskStatus.STATUS_SUCCESS, set(broadcaster, SocketOption.SO_BROADCAST, true));
    int port = f.bindDatagram(receiver, new InetSocketAddress("0.0.0.0", 0)).getPort();
    f.bindDatagram(plain, V4);
    f.bindDatagram(broadcaster, V4);
    InetSocketAddress broadcast = new InetSocketAddress("127.255.255.255", port);

    assertEquals(
        WskStatus.STATUS_ACCESS_DENIED,
        sendTo(plain, ByteString.fromString("no"), broadcast).status());
    // The refused send did not stop the socket: the next one goes out.
    sendOk(plain, "unicast", new InetSocketAddress("127.0.0.1", port));
    assertEquals("unicast", receive(receiver, 100).data().utf8String());

    sendOk(broadcaster, "to all", broadcast);
    ReceiveFromCompleted r = receive(receiver, 100);
    assertEquals("to all", r.data().utf8String());
    assertEquals(0, r.controlFlags()); // MSG_BCAST: the destination is not visible from Java
    close(receiver);
    close(plain);
    close(broadcaster);
  }

  @Test
  void ipv6OnlyIsOnByDefaultAndCanBeTurnedOffBeforeBind() throws IOException {
    assumeIpv6();
    WskFixture f = new WskFixture(testKit, "dg-v6only");
    ActorRef<DatagramSocket.Command> v6only =
        f.datagram(AddressFamily.INET6, testKit.<DatagramSocket.Event>createTestProbe().ref());
    ActorRef<DatagramSocket.Command> dual =
        f.datagram(AddressFamily.INET6, testKit.<DatagramSocket.Event>createTestProbe().ref());
    assertEquals(Boolean.TRUE, get(v6only, SocketOption.IPV6_V6ONLY).value());
    assertEquals(WskStatus.STATUS_SUCCESS, set(dual, SocketOption.IPV6_V6ONLY, false));
    int v6onlyPort = f.bindDatagram(v6only, new InetSocketAddress("::", 0)).getPort();
    int dualPort = f.bindDatagram(dual, new InetSocketAddress("::", 0)).getPort();
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, set(dual, SocketOption.IPV6_V6ONLY, true));
    assertEquals(Boolean.FALSE, get(dual, SocketOption.IPV6_V6ONLY).value());

    try (java.net.DatagramSocket v4peer = javaSocket(V4);
        java.net.DatagramSocket v6peer = javaSocket(V6)) {
      InetSocketAddress v4peerAddr = (InetSocketAddress) v4peer.getLocalSocketAddress();
      javaSend(v4peer, "v4".getBytes(), new InetSocketAddress("127.0.0.1", v6onlyPort));
      javaSend(v6peer, "v6".getBytes(), new InetSocketAddress("::1", v6onlyPort));
      ReceiveFromCompleted r = receive(v6only, 100);
      assertEquals("v6", r.data().utf8String()); // the IPv4 datagram was dropped
      assertEquals(
          WskStatus.STATUS_IO_TIMEOUT,
          postReceive(v6only, 100, Duration.ofMillis(200)).receiveMessage(T).status());
      assertEquals(
          WskStatus.STATUS_INVALID_PARAMETER,
          sendTo(v6only, ByteString.fromString("x"), v4peerAddr).status());

      javaSend(v4peer, "v4".getBytes(), new InetSocketAddress("127.0.0.1", dualPort));
      ReceiveFromCompleted d = receive(dual, 100);
      assertEquals("v4", d.data().utf8String());
      assertEquals(v4peerAddr, d.remoteAddress());
      sendOk(dual, "back to v4", v4peerAddr);
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      v4peer.receive(p);
      assertEquals("back to v4", new String(p.getData(), 0, p.getLength()));
    }
    LoggingTestKit.debug("1 from IPv4 senders")
        .expect(
            testKit.system(),
            () -> {
              close(v6only);
              return null;
            });
    close(dual);
  }

  // ---- multicast -----------------------------------------------------------------------------

  /** Whether plain Java can join {@code group} on {@code ni} and receive its own datagram. */
  static String multicastUnavailable(InetAddress group, NetworkInterface ni) {
    if (ni == null) return "no multicast-capable interface";
    try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
      ch.bind(new InetSocketAddress("0.0.0.0", 0));
      ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      MembershipKey key = ch.join(group, ni);
      int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
      ch.send(ByteBuffer.wrap("probe".getBytes()), new InetSocketAddress(group, port));
      ch.socket().setSoTimeout(2000);
      DatagramPacket p = new DatagramPacket(new byte[16], 16);
      ch.socket().receive(p);
      key.drop();
      return null;
    } catch (IOException | RuntimeException e) {
      return "plain Java cannot loop multicast back on [" + ni.getName() + "]: " + e;
    }
  }

  @Test
  void multicastJoinReceiveOwnDatagramAndLeave() throws IOException {
    InetAddress group = InetAddress.getByName("239.255.71.13");
    NetworkInterface ni = UdpOptions.multicastInterface(group);
    String unavailable = multicastUnavailable(group, ni);
    assumeTrue(unavailable == null, () -> "multicast test skipped: " + unavailable);

    WskFixture f = new WskFixture(testKit, "dg-multicast");
    ActorRef<DatagramSocket.Command> s =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.IP_MULTICAST_LOOP, true));
    int port = f.bindDatagram(s, new InetSocketAddress("0.0.0.0", 0)).getPort();
    MulticastGroup g = new MulticastGroup(group, null);
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        set(
            s,
            SocketOption.MCAST_JOIN_GROUP,
            new MulticastGroup(InetAddress.getByName("10.1.2.3"), null)));
    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.MCAST_JOIN_GROUP, g));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, get(s, SocketOption.MCAST_JOIN_GROUP).status());

    InetSocketAddress to = new InetSocketAddress(group, port);
    sendOk(s, "to the group", to);
    ReceiveFromCompleted r = receive(s, 100);
    assertEquals("to the group", r.data().utf8String());
    assertEquals(port, r.remoteAddress().getPort());
    assertEquals(0, r.controlFlags() & WskFlags.MSG_MCAST); // not visible from Java

    assertEquals(WskStatus.STATUS_SUCCESS, set(s, SocketOption.MCAST_LEAVE_GROUP, g));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, set(s, SocketOption.MCAST_LEAVE_GROUP, g));
    sendOk(s, "after leaving", to);
    assertEquals(
        WskStatus.STATUS_IO_TIMEOUT,
        postReceive(s, 100, Duration.ofMillis(300)).receiveMessage(T).status());
    close(s);
  }

  // ---- flow control --------------------------------------------------------------------------

  static final int DATAGRAM = 1024;

  /** A datagram of {@link #DATAGRAM} bytes: sequence number, seeded noise, CRC-32 of both. */
  static byte[] payload(int seq) {
    ByteBuffer b = ByteBuffer.allocate(DATAGRAM);
    b.putInt(seq);
    byte[] noise = new byte[DATAGRAM - 4 - 8];
    new Random(seq).nextBytes(noise);
    b.put(noise);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, DATAGRAM - 8);
    b.putLong(crc.getValue());
    return b.array();
  }

  /** The sequence number of an intact datagram, or -1 when it is corrupt. */
  static int verify(ByteString d) {
    if (d.size() != DATAGRAM) return -1;
    ByteBuffer b = d.asByteBuffer();
    byte[] bytes = new byte[DATAGRAM];
    b.get(bytes);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, DATAGRAM - 8);
    ByteBuffer w = ByteBuffer.wrap(bytes);
    int seq = w.getInt(0);
    if (w.getLong(DATAGRAM - 8) != crc.getValue()) return -1;
    return java.util.Arrays.equals(bytes, payload(seq)) ? seq : -1;
  }

  /** Handler report: after each event. */
  record Indicated(
      int datagrams, long held, int retained, int lastSeq, int corrupt, int outOfOrder) {}

  record ReleaseAll(ActorRef<ReleaseCompleted> replyTo) {}

  /** Retains every indication until told to release them all, then consumes. */
  static Behavior<Object> retainingHandler(ActorRef<Indicated> report) {
    return Behaviors.setup(
        ctx -> {
          List<Long> ids = new ArrayList<>();
          long[] held = {0};
          int[] counts = {0, -1, 0, 0}; // datagrams, last sequence, corrupt, out of order
          boolean[] retaining = {true};
          List<ActorRef<DatagramSocket.Command>> socket = new ArrayList<>();
          return Behaviors.receive(Object.class)
              .onMessage(
                  ReceiveFromEvent.class,
                  ev -> {
                    if (socket.isEmpty()) socket.add(ev.socket());
                    for (DatagramIndication d : ev.datagrams()) {
                      int seq = verify(d.data());
                      if (seq < 0) counts[2]++;
                      else if (seq <= counts[1]) counts[3]++;
                      else counts[1] = seq;
                      counts[0]++;
                      if (retaining[0]) held[0] += d.data().size();
                    }
                    if (retaining[0]) {
                      ids.add(ev.indicationId());
                      ev.replyTo().tell(ReceiveEventResponse.retained());
                    } else {
                      ev.replyTo().tell(ReceiveEventResponse.consumed());
                    }
                    report.tell(
                        new Indicated(
                            counts[0], held[0], ids.size(), counts[1], counts[2], counts[3]));
                    return Behaviors.same();
                  })
              .onMessage(
                  ReleaseAll.class,
                  m -> {
                    for (long id : ids) socket.get(0).tell(new Release(id, m.replyTo()));
                    ids.clear();
                    held[0] = 0;
                    retaining[0] = false;
                    return Behaviors.same();
                  })
              .build();
        });
  }

  /** The next report, or null when none comes within {@link #QUIET}. */
  static Indicated poll(TestProbe<Indicated> reports) {
    try {
      return reports.receiveMessage(QUIET);
    } catch (AssertionError timeout) {
      return null;
    }
  }

  @Test
  void aHandlerThatRetainsEverythingSuspendsReadingWithinTheWindowAndReleaseResumesIt()
      throws IOException {
    WskFixture f = new WskFixture(testKit, "dg-flow");
    TestProbe<Indicated> reports = testKit.createTestProbe();
    ActorRef<Object> handler = testKit.spawn(retainingHandler(reports.ref()));
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, handler.narrow());
    InetSocketAddress local = f.bindDatagram(s, V4);
    assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(s));

    Indicated last = null;
    int seq = 0;
    try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
      sender.bind(V4);
      // Flood until the window is full (one flood of 5,000 is plenty; more only on a slow reader).
      while ((last == null || last.held() < WINDOW) && seq < 20_000) {
        for (int i = 0; i < 5_000; i++) sender.send(ByteBuffer.wrap(payload(seq++)), local);
        for (Indicated r = poll(reports); r != null; r = poll(reports)) last = r;
      }
      assertTrue(last != null && last.held() >= WINDOW, "window filled: " + last);
      // Held bytes stay within the window plus the one datagram that crossed it.
      assertTrue(last.held() <= WINDOW + DATAGRAM, "held " + last.held() + " > window + datagram");
      assertTrue(last.datagrams() < seq, "fewer indicated than sent");
      int indicatedBeforeRelease = last.datagrams();

      // Reading is suspended: a further flood raises no event.
      for (int i = 0; i < 1_000; i++) sender.send(ByteBuffer.wrap(payload(seq++)), local);
      reports.expectNoMessage(QUIET);

      // Release everything: events resume, and datagrams sent later arrive.
      TestProbe<ReleaseCompleted> released = testKit.createTestProbe();
      handler.tell(new ReleaseAll(released.ref()));
      for (ReleaseCompleted rc : released.receiveSeveralMessages(last.retained(), T)) {
        assertEquals(WskStatus.STATUS_SUCCESS, rc.status());
      }
      // Reading resumes: what the kernel kept of the second flood is indicated now.
      last = reports.receiveMessage(T);
      for (Indicated r = poll(reports); r != null; r = poll(reports)) last = r;
      assertTrue(last.datagrams() > indicatedBeforeRelease, "events resumed");
      // Datagrams sent later arrive (one at a time, so the kernel has room for each).
      int later = seq;
      for (int i = 0; i < 20; i++) {
        int want = seq;
        sender.send(ByteBuffer.wrap(payload(seq++)), local);
        Indicated r = last;
        long deadline = System.nanoTime() + T.toNanos();
        while (r.lastSeq() < want && System.nanoTime() < deadline) r = reports.receiveMessage(T);
        assertEquals(want, r.lastSeq(), "later datagram " + want + " arrived");
        last = r;
      }
      assertTrue(last.lastSeq() >= later);
    }
    assertEquals(0, last.corrupt(), "corrupt datagrams");
    assertEquals(0, last.outOfOrder(), "datagrams out of order");
    close(s);
  }

  /** Answers every receive-from event with the same datagrams back to their senders. */
  static Behavior<Object> answeringEchoHandler() {
    return Behaviors.receive(
        (ctx, m) -> {
          if (m instanceof ReceiveFromEvent e) {
            List<SendTo> echoes = new ArrayList<>();
            for (DatagramIndication d : e.datagrams()) {
              echoes.add(
                  new SendTo(
                      d.data(), d.remoteAddress(), WskFlags.NONE, ctx.getSystem().ignoreRef()));
            }
            e.replyTo().tell(ReceiveEventResponse.retainedUntilSentTo(echoes));
          }
          return Behaviors.same();
        });
  }

  @Test
  void answersCarriedInTheReplyAreSentAndReleaseTheirIndicationOverManyWindows()
      throws IOException {
    WskFixture f = new WskFixture(testKit, "dg-answers");
    ActorRef<Object> echo = testKit.spawn(answeringEchoHandler());
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, echo.narrow());
    InetSocketAddress local = f.bindDatagram(s, V4);
    assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(s));
    // Three windows' worth, one at a time: an indication that were never released would stop
    // the socket's reading after one window, and the next datagram would get no echo.
    int n = 3 * WINDOW / DATAGRAM;
    try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, V4.getAddress())) {
      peer.setSoTimeout((int) T.toMillis());
      byte[] buf = new byte[DATAGRAM + 1];
      for (int seq = 0; seq < n; seq++) {
        byte[] d = payload(seq);
        javaSend(peer, d, local);
        DatagramPacket back = new DatagramPacket(buf, buf.length);
        peer.receive(back);
        assertEquals(seq, verify(ByteString.fromArray(buf, 0, back.getLength())), "echo " + seq);
      }
    }
    close(s);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  @Test
  void closeCancelsPendingRequestsAndThePortCanBeBoundAgainAtOnce() {
    WskFixture f = new WskFixture(testKit, "dg-close");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    for (int i = 0; i < 20; i++) {
      TestProbe<ReceiveFromCompleted> pending = postReceive(s, 100, null);
      close(s);
      ReceiveFromCompleted c = pending.receiveMessage(T);
      assertEquals(WskStatus.STATUS_CANCELLED, c.status());
      s = f.datagram(AddressFamily.INET, h.ref());
      assertEquals(local, f.bindDatagram(s, local));
    }
    close(s);
  }

  @Test
  void deregistrationClosesDatagramSockets() {
    WskFixture f = new WskFixture(testKit, "dg-deregister");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> bound = f.datagram(AddressFamily.INET, h.ref());
    ActorRef<DatagramSocket.Command> unbound = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(bound, V4);
    TestProbe<ReceiveFromCompleted> pending = postReceive(bound, 100, null);
    TestProbe<Deregistered> dereg = testKit.createTestProbe();
    f.provider.tell(new Deregister(dereg.ref()));
    assertEquals(WskStatus.STATUS_CANCELLED, pending.receiveMessage(T).status());
    Deregistered d = dereg.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, d.status());
    assertEquals(2, d.socketsClosed());
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(bound, T);
    watcher.expectTerminated(unbound, T);
    watcher.expectTerminated(f.provider, T);
    // The port was released before the deregistration completed.
    WskFixture g = new WskFixture(testKit, "dg-deregister-after");
    ActorRef<DatagramSocket.Command> again = g.datagram(AddressFamily.INET, h.ref());
    assertEquals(local, g.bindDatagram(again, local));
    close(again);
  }

  @Test
  void handlerStopClosesTheSocket() {
    WskFixture f = new WskFixture(testKit, "dg-handler-stop");
    TestProbe<DatagramSocket.Event> h = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    TestProbe<ReceiveFromCompleted> pending = postReceive(s, 100, null);
    h.stop();
    assertEquals(WskStatus.STATUS_CANCELLED, pending.receiveMessage(T).status());
    testKit.createTestProbe().expectTerminated(s, T);
    ActorRef<DatagramSocket.Command> again =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    assertEquals(local, f.bindDatagram(again, local));
    close(again);
  }
}
