package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.ReadSelector;

/**
 * Accepted connections with a plain Java socket as the peer, over both accept paths: the runtime's
 * own (the default, {@code wsk-actors.listen.accept-on-loop = on}: the channel is accepted, read,
 * written and closed by the runtime) and Pekko IO's. What the own path must do that Pekko IO did
 * for it: finish writes the kernel did not take at once, report the peer's FIN and reset, send its
 * own FIN and reset, and release the descriptors and the port when the sockets close.
 */
@ExtendWith(LogCapturingExtension.class)
class LoopAcceptTest {
  static final ActorTestKit onLoop = ActorTestKit.create("LoopAcceptTest");
  static final ActorTestKit pekkoIo =
      ActorTestKit.create(
          "LoopAcceptTestPekkoIo",
          ConfigFactory.parseString("wsk-actors.listen.accept-on-loop = off")
              .withFallback(ConfigFactory.load("application-test")));
  static final Duration T = WskFixture.TIMEOUT;
  static final Duration QUIET = Duration.ofMillis(300);

  @AfterAll
  static void down() {
    onLoop.shutdownTestKit();
    pekkoIo.shutdownTestKit();
  }

  static Stream<Arguments> kits() {
    return Stream.of(
        Arguments.of("accepted on the loop", onLoop),
        Arguments.of("accepted by Pekko IO", pekkoIo));
  }

  /** A listener with one accepted connection from a plain Java socket. */
  private record Accepted(
      WskFixture.Bound listener, ActorRef<ConnectionSocket.Command> socket, Socket peer) {

    /** Closes the peer, then the accepted socket and the listener, each close completing. */
    void closeAll(ActorTestKit kit) throws IOException {
      peer.close();
      close(kit, socket);
      close(kit, listener.socket());
    }
  }

  private static Accepted accept(ActorTestKit kit, WskFixture f) throws IOException {
    return accept(kit, f, 0);
  }

  /** As above, the peer's receive buffer set to {@code peerReceiveBuffer} bytes unless 0. */
  private static Accepted accept(ActorTestKit kit, WskFixture f, int peerReceiveBuffer)
      throws IOException {
    TestProbe<ListenSocket.Event> lh = kit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = kit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = kit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    Socket peer = new Socket();
    if (peerReceiveBuffer > 0) peer.setReceiveBufferSize(peerReceiveBuffer);
    peer.connect(l.address(), 5000);
    peer.setSoTimeout(10_000);
    AcceptCompleted a = acc.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    assertEquals(peer.getLocalSocketAddress(), a.remoteAddress());
    return new Accepted(l, a.socket(), peer);
  }

  private static void close(ActorTestKit kit, ActorRef<?> socket) {
    ListenSocketTest.closeWith(kit, socket);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void sendsMoreThanTheKernelTakesAtOnceToAPeerThatReadsLate(String path, ActorTestKit kit)
      throws Exception {
    assertEquals(path.endsWith("loop"), WskSettings.create(kit.system()).acceptOnLoop());
    WskFixture f = new WskFixture(kit, "slow-reader");
    Accepted c = accept(kit, f, 64 << 10);
    TestProbe<OptionSet> set = kit.createTestProbe();
    c.socket().tell(new SetOption<>(SocketOption.SO_SNDBUF, 64 << 10, set.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, set.receiveMessage(T).status());
    // Within the send-queue limit (4 MiB), far more than the kernel buffers of both ends hold.
    byte[] data = new byte[3 << 20];
    new Random(7).nextBytes(data);
    TestProbe<SendCompleted> sent = kit.createTestProbe();
    int chunk = 1 << 20;
    int sends = data.length / chunk;
    for (int off = 0; off < data.length; off += chunk) {
      c.socket().tell(new Send(ByteString.fromArray(data, off, chunk), sent.ref()));
    }
    // The peer has not read yet: the kernel took only part of the bytes, the rest waits in the
    // socket (the last send's completion with it) until the peer reads.
    List<SendCompleted> early = new ArrayList<>();
    while (early.size() < sends) {
      SendCompleted m;
      try {
        m = sent.receiveMessage(QUIET);
      } catch (AssertionError nothingWithinQuiet) {
        break;
      }
      early.add(m);
    }
    for (SendCompleted m : early)
      assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, chunk), m);
    assertTrue(
        early.size() < sends,
        early.size() + " of " + sends + " sends completed before the peer read");
    byte[] got = c.peer().getInputStream().readNBytes(data.length);
    for (int i = early.size(); i < sends; i++) {
      assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, chunk), sent.receiveMessage(T));
    }
    assertArrayEquals(data, got, "every byte, in order");
    c.closeAll(kit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void halfClosesBothWaysThenReleasesThePort(String path, ActorTestKit kit) throws Exception {
    Accepted c = accept(kit, new WskFixture(kit, "half-close"));
    // The peer says something and shuts its output: the socket reads it, then the end (0 bytes).
    c.peer().getOutputStream().write("request".getBytes());
    c.peer().shutdownOutput();
    TestProbe<ReceiveCompleted> got = kit.createTestProbe();
    c.socket().tell(new Receive(7, WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
    assertEquals("request", got.receiveMessage(T).data().utf8String());
    c.socket().tell(new Receive(100, got.ref()));
    ReceiveCompleted end = got.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, end.status());
    assertTrue(end.data().isEmpty(), "the peer's FIN");
    // The socket can still send, then sends its own FIN with the final data.
    TestProbe<DisconnectCompleted> disc = kit.createTestProbe();
    c.socket().tell(new Disconnect(ByteString.fromString("response"), 0, disc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, disc.receiveMessage(T).status());
    InputStream in = c.peer().getInputStream();
    assertEquals("response", new String(in.readNBytes(8)));
    assertEquals(-1, in.read(), "the socket's FIN");
    c.peer().close();
    close(kit, c.socket());
    // The listener's port is free again as soon as its close completes.
    InetSocketAddress address = c.listener().address();
    close(kit, c.listener().socket());
    try (ServerSocket again = new ServerSocket()) {
      again.bind(address);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void connectionsThatComeAndGoLeaveNoDescriptorBehind(String path, ActorTestKit kit)
      throws Exception {
    WskFixture f = new WskFixture(kit, "descriptors");
    cycle(kit, f, 1); // the first connection of a system starts what lives as long as it
    int before = openFds();
    cycle(kit, f, 20);
    kit.createTestProbe()
        .awaitAssert(
            T,
            () -> {
              assertTrue(openFds() <= before, "fds before " + before + ", now " + openFds());
              return null;
            });
  }

  /** A listener, {@code n} connections that say a byte each, all closed again. */
  private static void cycle(ActorTestKit kit, WskFixture f, int n) throws IOException {
    TestProbe<ListenSocket.Event> lh = kit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    for (int i = 0; i < n; i++) {
      TestProbe<ConnectionSocket.Event> sh = kit.createTestProbe();
      TestProbe<AcceptCompleted> acc = kit.createTestProbe();
      l.socket().tell(new Accept(sh.ref(), acc.ref()));
      try (Socket peer = new Socket()) {
        peer.connect(l.address(), 5000);
        peer.getOutputStream().write(i);
        ActorRef<ConnectionSocket.Command> s = acc.receiveMessage(T).socket();
        TestProbe<ReceiveCompleted> got = kit.createTestProbe();
        s.tell(new Receive(1, got.ref()));
        assertEquals(1, got.receiveMessage(T).data().size());
        close(kit, s);
      }
    }
    close(kit, l.socket());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void theSocketsFinFirstThenThePeersCompletesTheClose(String path, ActorTestKit kit)
      throws Exception {
    Accepted c = accept(kit, new WskFixture(kit, "fin-first"));
    TestProbe<DisconnectCompleted> disc = kit.createTestProbe();
    c.socket().tell(new Disconnect(ByteString.fromString("bye"), 0, disc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, disc.receiveMessage(T).status());
    InputStream in = c.peer().getInputStream();
    assertEquals("bye", new String(in.readNBytes(3)));
    assertEquals(-1, in.read());
    // Reading goes on after the socket's FIN: the peer's last bytes and its FIN arrive.
    c.peer().getOutputStream().write("last".getBytes());
    c.peer().shutdownOutput();
    TestProbe<ReceiveCompleted> got = kit.createTestProbe();
    c.socket().tell(new Receive(4, WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
    assertEquals("last", got.receiveMessage(T).data().utf8String());
    c.socket().tell(new Receive(100, got.ref()));
    assertTrue(got.receiveMessage(T).data().isEmpty());
    close(kit, c.socket());
    c.peer().close();
    close(kit, c.listener().socket());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void anAbortiveDisconnectResetsThePeer(String path, ActorTestKit kit) throws Exception {
    Accepted c = accept(kit, new WskFixture(kit, "abort"));
    TestProbe<DisconnectCompleted> disc = kit.createTestProbe();
    c.socket().tell(new Disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, disc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, disc.receiveMessage(T).status());
    assertThrows(SocketException.class, () -> c.peer().getInputStream().read(), "a reset");
    c.closeAll(kit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void aPeerResetFailsTheWaitingReceiveAndTheNextSend(String path, ActorTestKit kit)
      throws Exception {
    Accepted c = accept(kit, new WskFixture(kit, "peer-reset"));
    TestProbe<ReceiveCompleted> got = kit.createTestProbe();
    c.socket().tell(new Receive(100, got.ref()));
    c.peer().setSoLinger(true, 0);
    c.peer().close();
    ReceiveCompleted r = got.receiveMessage(T);
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, r.status());
    TestProbe<SendCompleted> sent = kit.createTestProbe();
    c.socket().tell(new Send(ByteString.fromString("late"), sent.ref()));
    assertTrue(!sent.receiveMessage(T).status().isSuccess(), "a send after the reset fails");
    close(kit, c.socket());
    close(kit, c.listener().socket());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kits")
  void closingTheListenerResetsConnectionsNobodyClaimed(String path, ActorTestKit kit)
      throws Exception {
    Accepted c = accept(kit, new WskFixture(kit, "unclaimed"));
    // Two more connections, accepted by the kernel but not claimed by any Accept.
    List<Socket> waiting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Socket s = new Socket();
      s.connect(c.listener().address(), 5000);
      s.setSoTimeout(10_000);
      waiting.add(s);
    }
    close(kit, c.listener().socket());
    for (Socket s : waiting) {
      try (s) {
        try {
          assertEquals(-1, s.getInputStream().read(), "closed");
        } catch (SocketException reset) {
          // closed with a reset: also fine, nobody will ever read it
        }
      }
    }
    // The connection that was claimed lives on after its listener.
    c.peer().getOutputStream().write('x');
    TestProbe<ReceiveCompleted> got = kit.createTestProbe();
    c.socket().tell(new Receive(1, got.ref()));
    assertEquals("x", got.receiveMessage(T).data().utf8String());
    c.peer().close();
    close(kit, c.socket());
  }

  @Test
  void anAcceptedChannelWhoseReceiverIsGoneIsReset() throws Exception {
    Wsk.get(onLoop.system()); // the subsystem, whose child closes orphaned channels
    ActorRef<Object> gone = onLoop.spawn(Behaviors.<Object>empty());
    onLoop.stop(gone);
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (Socket peer = new Socket()) {
        peer.connect(server.getLocalAddress(), 5000);
        peer.setSoTimeout(10_000);
        SocketChannel accepted = server.accept();
        // A listener that stopped while the read selector sent it a connection. Sent again while
        // waiting: when this test runs first, the subsystem's child may not have subscribed to
        // dead letters yet (a reset of a channel already reset is a no-op).
        onLoop
            .createTestProbe()
            .awaitAssert(
                T,
                () -> {
                  gone.tell(new ReadSelector.Accepted(accepted));
                  assertFalse(accepted.isOpen(), "closed");
                  return null;
                });
        assertThrows(SocketException.class, () -> peer.getInputStream().read(), "a reset");
      }
    }
  }

  static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }
}
