package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.DatagramSocketTest.Indicated;
import org.wskactors.runtime.DatagramSocketTest.ReleaseAll;
import org.wskactors.runtime.internal.FaultInjection;

/**
 * A datagram socket's transport, with plain Java channels as peers, over both paths: the runtime's
 * own (the default, {@code wsk-actors.datagram.channel-on-loop = on}: the socket binds the channel
 * and a read selector receives it) and Pekko IO UDP. What the own path must do that Pekko IO did
 * for it: bind with the options, receive every datagram whole (from empty to the largest), keep the
 * receive window with credit while still serving a posted receive, and release the port when the
 * socket closes or fails. {@link DatagramSocketTest} covers the rest on the default path.
 */
@ExtendWith(LogCapturingExtension.class)
class DatagramTransportTest {
  static final ActorTestKit onLoop = ActorTestKit.create("DatagramTransportTest");
  static final ActorTestKit pekkoIo =
      ActorTestKit.create(
          "DatagramTransportTestPekkoIo",
          ConfigFactory.parseString("wsk-actors.datagram.channel-on-loop = off")
              .withFallback(ConfigFactory.load("application-test")));
  static final Duration T = WskFixture.TIMEOUT;
  static final Duration QUIET = Duration.ofMillis(300);
  static final InetSocketAddress V4 = new InetSocketAddress("127.0.0.1", 0);

  /** The largest UDP payload over IPv4: 65,535 - 20 (IP header) - 8 (UDP header). */
  static final int LARGEST_IPV4 = 65_507;

  @AfterAll
  static void down() {
    onLoop.shutdownTestKit();
    pekkoIo.shutdownTestKit();
  }

  static Stream<Arguments> kits() {
    return Stream.of(
        Arguments.of("channel on the loop", onLoop), Arguments.of("Pekko IO UDP", pekkoIo));
  }

  private static void close(ActorTestKit kit, ActorRef<DatagramSocket.Command> s) {
    TestProbe<CloseCompleted> p = kit.createTestProbe();
    s.tell(new CloseSocket(p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
    kit.createTestProbe().expectTerminated(s, T);
  }

  private static WskStatus enableEvents(ActorTestKit kit, ActorRef<DatagramSocket.Command> s) {
    TestProbe<OptionSet> p = kit.createTestProbe();
    s.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.RECEIVE_FROM),
            p.ref()));
    return p.receiveMessage(T).status();
  }

  private static DatagramChannel peer() throws IOException {
    DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
    c.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
    c.bind(V4);
    return c;
  }

  /** Receives one datagram on a blocking peer channel, failing after {@link #T}. */
  private static ByteString receiveAtPeer(DatagramChannel peer) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LARGEST_IPV4 + 1);
    peer.configureBlocking(false);
    long deadline = System.nanoTime() + T.toNanos();
    try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
      peer.register(sel, java.nio.channels.SelectionKey.OP_READ);
      while (peer.receive(b) == null) {
        long left = deadline - System.nanoTime();
        assertTrue(left > 0, "no datagram at the peer within " + T);
        sel.select(Math.max(1, left / 1_000_000));
        sel.selectedKeys().clear();
      }
    }
    b.flip();
    return ByteString.fromByteBuffer(b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void echoesEveryDatagramWholeAndInOrderFromEmptyToTheLargest(String path, ActorTestKit kit)
      throws IOException {
    WskFixture f = new WskFixture(kit, "dgt-echo");
    ActorRef<Object> echo = kit.spawn(DatagramSocketTest.answeringEchoHandler());
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, echo.narrow());
    InetSocketAddress local = f.bindDatagram(s, V4);
    assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(kit, s));
    Random random = new Random(862);
    try (DatagramChannel peer = peer()) {
      // One at a time, every size class: empty, tiny, one MTU, jumbo, the largest there is.
      for (int size : new int[] {0, 1, 512, 1472, 9000, 32_768, LARGEST_IPV4}) {
        byte[] d = new byte[size];
        random.nextBytes(d);
        peer.send(ByteBuffer.wrap(d), local);
        assertArrayEquals(d, receiveAtPeer(peer).toArray(), size + " bytes echoed whole");
      }
      // Bursts of 64: every datagram back once, in order (loopback neither drops nor reorders
      // 64 KiB into a 1 MiB receive buffer), many of them in one receive-from event.
      for (int burst = 0; burst < 20; burst++) {
        for (int i = 0; i < 64; i++) {
          peer.send(ByteBuffer.wrap(DatagramSocketTest.payload(burst * 64 + i)), local);
        }
        for (int i = 0; i < 64; i++) {
          assertEquals(burst * 64 + i, DatagramSocketTest.verify(receiveAtPeer(peer)));
        }
      }
    }
    close(kit, s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void bindAppliesOptionsAndAPortInUseFailsWithAddressAlreadyExists(String path, ActorTestKit kit)
      throws IOException {
    WskFixture f = new WskFixture(kit, "dgt-bind");
    TestProbe<DatagramSocket.Event> h = kit.createTestProbe();
    try (DatagramChannel taken = peer()) {
      ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
      TestProbe<BindCompleted> bind = kit.createTestProbe();
      s.tell(new Bind((InetSocketAddress) taken.getLocalAddress(), bind.ref()));
      assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, bind.receiveMessage(T).status());
      // Still open and unbound: a bind elsewhere works, with the options set before it.
      TestProbe<OptionSet> set = kit.createTestProbe();
      s.tell(new SetOption<>(SocketOption.SO_BROADCAST, true, set.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, set.receiveMessage(T).status());
      InetSocketAddress local = f.bindDatagram(s, V4);
      assertTrue(local.getPort() > 0);
      // The options set before bind were applied to the channel (read back from it once bound).
      TestProbe<OptionValue<Boolean>> value = kit.createTestProbe();
      s.tell(new GetOption<>(SocketOption.SO_BROADCAST, value.ref()));
      OptionValue<Boolean> broadcast = value.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, broadcast.status());
      assertEquals(Boolean.TRUE, broadcast.value(), "SO_BROADCAST on the bound channel");
      close(kit, s);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void theWindowHoldsWithCreditAPostedReceiveIsStillServedAndReleaseResumes(
      String path, ActorTestKit kit) throws IOException {
    int window = WskSettings.create(kit.system()).datagramReceiveWindow();
    WskFixture f = new WskFixture(kit, "dgt-window");
    TestProbe<Indicated> reports = kit.createTestProbe();
    ActorRef<Object> handler = kit.spawn(DatagramSocketTest.retainingHandler(reports.ref()));
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, handler.narrow());
    InetSocketAddress local = f.bindDatagram(s, V4);
    assertEquals(WskStatus.STATUS_SUCCESS, enableEvents(kit, s));
    int seq = 0;
    Indicated last = null;
    try (DatagramChannel sender = peer()) {
      while ((last == null || last.held() < window) && seq < 20_000) {
        for (int i = 0; i < 2_000; i++) {
          sender.send(ByteBuffer.wrap(DatagramSocketTest.payload(seq++)), local);
        }
        for (Indicated r = poll(reports); r != null; r = poll(reports)) last = r;
      }
      assertTrue(last != null && last.held() >= window, "window filled: " + last);
      assertTrue(
          last.held() <= window + DatagramSocketTest.DATAGRAM,
          "held " + last.held() + " > window + one datagram");
      assertEquals(0, last.corrupt(), "corrupt datagrams");
      assertEquals(0, last.outOfOrder(), "datagrams out of order");

      // The window is full, yet a posted receive is served: the datagram it waits for is taken.
      for (int i = 0; i < 3; i++) {
        sender.send(ByteBuffer.wrap(DatagramSocketTest.payload(seq++)), local);
      }
      TestProbe<ReceiveFromCompleted> posted = kit.createTestProbe();
      s.tell(new ReceiveFrom(DatagramSocketTest.DATAGRAM, WskFlags.NONE, T, posted.ref()));
      ReceiveFromCompleted r = posted.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, r.status());
      assertTrue(DatagramSocketTest.verify(r.data()) > last.lastSeq(), "a later datagram");
      reports.expectNoMessage(QUIET); // and no event beyond the window

      // Release: events resume, with what the kernel kept meanwhile.
      TestProbe<ReleaseCompleted> released = kit.createTestProbe();
      handler.tell(new ReleaseAll(released.ref()));
      for (ReleaseCompleted rc : released.receiveSeveralMessages(last.retained(), T)) {
        assertEquals(WskStatus.STATUS_SUCCESS, rc.status());
      }
      // The same datagram is sent again each quiet interval until it is indicated: UDP may drop
      // one, and on a busy machine the kernel's buffer can still be full of the flood.
      int want = seq++;
      Indicated after = null;
      long deadline = System.nanoTime() + T.toNanos();
      while ((after == null || after.lastSeq() < want) && System.nanoTime() < deadline) {
        sender.send(ByteBuffer.wrap(DatagramSocketTest.payload(want)), local);
        for (Indicated i = poll(reports); i != null; i = poll(reports)) after = i;
      }
      assertTrue(after != null, "events resumed after the release");
      assertEquals(want, after.lastSeq(), "a datagram sent after the release arrived");
      assertEquals(0, after.corrupt(), "corrupt datagrams");
    }
    close(kit, s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void closeReleasesThePortAtOnceAndCancelsPendingReceives(String path, ActorTestKit kit)
      throws IOException {
    WskFixture f = new WskFixture(kit, "dgt-close");
    TestProbe<DatagramSocket.Event> h = kit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    for (int i = 0; i < 20; i++) {
      TestProbe<ReceiveFromCompleted> pending = kit.createTestProbe();
      s.tell(new ReceiveFrom(100, WskFlags.NONE, null, pending.ref()));
      close(kit, s);
      assertEquals(WskStatus.STATUS_CANCELLED, pending.receiveMessage(T).status());
      // A plain Java channel can take the port the moment the close completed.
      try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
        c.bind(local);
      }
      s = f.datagram(AddressFamily.INET, h.ref());
      assertEquals(local, f.bindDatagram(s, local));
    }
    close(kit, s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void aFailedSocketReleasesItsPortFailsItsRequestsAndTellsTheHandler(
      String path, ActorTestKit kit) {
    WskFixture f = new WskFixture(kit, "dgt-crash");
    TestProbe<DatagramSocket.Event> h = kit.createTestProbe();
    ActorRef<DatagramSocket.Command> s = f.datagram(AddressFamily.INET, h.ref());
    InetSocketAddress local = f.bindDatagram(s, V4);
    TestProbe<ReceiveFromCompleted> pending = kit.createTestProbe();
    s.tell(new ReceiveFrom(100, WskFlags.NONE, null, pending.ref()));
    LoggingTestKit.error(FaultInjection.InjectedFailure.class)
        .expect(
            kit.system(),
            () -> {
              s.<Object>unsafeUpcast().tell(FaultInjection.Crash.INSTANCE);
              return null;
            });
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, pending.receiveMessage(T).status());
    SocketFailedEvent failed = h.expectMessageClass(SocketFailedEvent.class, T);
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, failed.status());
    kit.createTestProbe().expectTerminated(s, T);
    ActorRef<DatagramSocket.Command> again =
        f.datagram(AddressFamily.INET, kit.<DatagramSocket.Event>createTestProbe().ref());
    TestProbe<BindCompleted> bind = kit.createTestProbe();
    bind.awaitAssert(
        T,
        () -> {
          again.tell(new Bind(local, bind.ref()));
          assertEquals(WskStatus.STATUS_SUCCESS, bind.receiveMessage(T).status());
          return null;
        });
    close(kit, again);
  }

  /** The next report, or null when none comes within {@link #QUIET}. */
  private static Indicated poll(TestProbe<Indicated> reports) {
    return DatagramSocketTest.poll(reports);
  }
}
