package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskFixture;

/**
 * What the peer does to us: resets in the middle of the stream, of our sends and of our receive;
 * refuses; shares our port; closes at the same moment as we do; half-closes while data still flows
 * the other way. Each ends in the documented statuses and events, and leaves nothing behind.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerFaultTest {
  static final ActorTestKit testKit = ActorTestKit.create("PeerFaultTest");
  static final Duration T = RelFixture.T;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** The peer closes with a reset (linger 0). */
  static void resetByPeer(Socket peer) throws IOException {
    peer.setSoLinger(true, 0);
    peer.close();
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** After the peer's reset: Receive and Send report it, CloseSocket succeeds, nothing is left. */
  static void assertResetAndClose(RelFixture f, RelFixture.PlainConn c) throws IOException {
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    c.ours().tell(new Receive(10, r.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, r.receiveMessage(T).status());
    TestProbe<SendCompleted> s = testKit.createTestProbe();
    c.ours().tell(new Send(ByteString.fromString("x"), s.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, s.receiveMessage(T).status());
    f.close(c.ours());
    c.closePlain();
    f.awaitSocketCount(0);
  }

  @Test
  void peerResetMidStreamEndsWithAnAbortiveDisconnectAfterAnInOrderPrefix() throws Exception {
    RelFixture f = new RelFixture(testKit, "reset-stream");
    int fds = RelFixture.openFds();
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), false);
    f.enable(c.ours(), WskEvent.RECEIVE, WskEvent.DISCONNECT);
    byte[] sent = random(1, 256 * 1024);
    OutputStream out = c.peer().getOutputStream();
    out.write(sent, 0, 64 * 1024);
    ByteString got = ByteString.emptyByteString();
    while (got.size() < 64 * 1024) {
      ReceiveEvent e = h.expectMessageClass(ReceiveEvent.class, T);
      got = got.concat(e.data());
      e.replyTo().tell(ReceiveEventResponse.consumed());
    }
    // More data, then a reset while it is still in flight.
    out.write(sent, 64 * 1024, sent.length - 64 * 1024);
    resetByPeer(c.peer());
    DisconnectEvent end = null;
    while (end == null) {
      Object e = h.receiveMessage(T);
      if (e instanceof ReceiveEvent r) {
        got = got.concat(r.data());
        r.replyTo().tell(ReceiveEventResponse.consumed());
      } else {
        end = (DisconnectEvent) e;
      }
    }
    assertTrue(end.abortive(), "a reset is an abortive disconnect");
    assertTrue(got.size() >= 64 * 1024 && got.size() <= sent.length);
    assertArrayEquals(
        Arrays.copyOf(sent, got.size()), got.toArray(), "what arrived is an in-order prefix");
    assertResetAndClose(f, c);
    h.expectNoMessage(Duration.ofMillis(100));
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
  }

  @Test
  void peerResetWhileSendsAreQueuedCompletesEverySendWithAStatus() throws Exception {
    RelFixture f = new RelFixture(testKit, "reset-send");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), true);
    f.enable(c.ours(), WskEvent.DISCONNECT);
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    int sends = 8;
    ByteString chunk = ByteString.fromArray(new byte[256 * 1024]);
    for (int i = 0; i < sends; i++) c.ours().tell(new Send(chunk, sent.ref()));
    // A reply to a later request means every Send was queued before the reset.
    f.sync(c.ours());
    resetByPeer(c.peer());
    int ok = 0;
    int reset = 0;
    for (int i = 0; i < sends; i++) {
      SendCompleted s = sent.receiveMessage(T);
      if (s.status() == WskStatus.STATUS_SUCCESS) {
        assertEquals(0, reset, "sends complete in order: no success after a failure");
        ok++;
      } else {
        assertEquals(WskStatus.STATUS_CONNECTION_RESET, s.status());
        assertEquals(0, s.bytesSent());
        reset++;
      }
    }
    assertTrue(
        reset >= sends - 2,
        "tiny buffers hold at most two of them: " + ok + " ok, " + reset + " reset");
    assertTrue(h.expectMessageClass(DisconnectEvent.class, T).abortive());
    assertResetAndClose(f, c);
  }

  @Test
  void peerResetWhileAReceiveIsPostedCompletesItWithReset() throws Exception {
    RelFixture f = new RelFixture(testKit, "reset-receive");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), false);
    f.enable(c.ours(), WskEvent.DISCONNECT);
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    c.ours().tell(new Receive(100, r.ref()));
    f.sync(c.ours());
    resetByPeer(c.peer());
    ReceiveCompleted done = r.receiveMessage(T);
    assertEquals(WskStatus.STATUS_CONNECTION_RESET, done.status());
    assertTrue(done.data().isEmpty());
    assertTrue(h.expectMessageClass(DisconnectEvent.class, T).abortive());
    assertResetAndClose(f, c);
  }

  @Test
  void refusedConnectsAreStatusesAndLeaveNothingBehind() throws Exception {
    RelFixture f = new RelFixture(testKit, "refused");
    int closedPort;
    try (ServerSocket tmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = tmp.getLocalPort();
    }
    InetSocketAddress closed = new InetSocketAddress("127.0.0.1", closedPort);
    int fds = RelFixture.openFds();
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
    for (int i = 0; i < 50; i++) {
      f.provider.tell(new SocketConnect(RelFixture.ANY4, closed, h.ref(), null, sc.ref()));
      assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, sc.receiveMessage(T).status());
    }
    f.awaitSocketCount(0); // a failed SocketConnect closes the socket it made
    // Connect on a socket of our own: refused, then only close is left, and it works.
    ActorRef<ConnectionSocket.Command> s = f.connection(AddressFamily.INET, h.ref());
    f.bind(s, RelFixture.ANY4);
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect(closed, c.ref()));
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, c.receiveMessage(T).status());
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    s.tell(new Send(ByteString.fromString("x"), sent.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, sent.receiveMessage(T).status());
    f.close(s);
    f.awaitSocketCount(0);
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
    h.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anAddressAlreadyInUseIsAStatusForEveryCategory() throws Exception {
    RelFixture f = new RelFixture(testKit, "in-use");
    addressInUseRound(f); // the first round also opens Pekko IO's lazily created selectors
    int fds = RelFixture.openFds();
    for (int i = 0; i < 3; i++) addressInUseRound(f);
    // The failed binds released their descriptors.
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
  }

  private static void addressInUseRound(RelFixture f) {
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound taken = f.boundListener(lh.ref());
    // Connection socket: the kernel binds at Connect, so that is where it shows.
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    ActorRef<ConnectionSocket.Command> c = f.connection(AddressFamily.INET, h.ref());
    f.bind(c, taken.address());
    TestProbe<ConnectCompleted> con = testKit.createTestProbe();
    c.tell(new Connect(taken.address(), con.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, con.receiveMessage(T).status());
    f.close(c);
    // SocketConnect from the taken port.
    TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
    f.provider.tell(new SocketConnect(taken.address(), taken.address(), h.ref(), null, sc.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, sc.receiveMessage(T).status());
    // Stream socket: Listen binds, fails, and leaves the socket undecided.
    TestProbe<StreamSocket.Event> sh = testKit.createTestProbe();
    ActorRef<StreamSocket.Command> st = f.stream(AddressFamily.INET, sh.ref());
    f.bind(st, taken.address());
    TestProbe<ListenCompleted> lc = testKit.createTestProbe();
    st.tell(new Listen(lc.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, lc.receiveMessage(T).status());
    f.close(st);
    // Datagram sockets: a second bind of the same UDP port.
    TestProbe<DatagramSocket.Event> dh = testKit.createTestProbe();
    ActorRef<DatagramSocket.Command> d1 = f.datagram(AddressFamily.INET, dh.ref());
    InetSocketAddress udp = f.bind(d1, RelFixture.LOOPBACK_ANY_PORT);
    ActorRef<DatagramSocket.Command> d2 = f.datagram(AddressFamily.INET, dh.ref());
    TestProbe<BindCompleted> b = testKit.createTestProbe();
    d2.tell(new Bind(udp, b.ref()));
    assertEquals(WskStatus.STATUS_ADDRESS_ALREADY_EXISTS, b.receiveMessage(T).status());
    // The refused one binds elsewhere afterwards.
    f.bind(d2, RelFixture.LOOPBACK_ANY_PORT);
    f.close(d1);
    f.close(d2);
    f.close(taken.socket());
    f.awaitSocketCount(0);
  }

  @Test
  void bothSidesCloseAtTheSameMoment() {
    RelFixture f = new RelFixture(testKit, "simultaneous");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();

    // Graceful: both send FIN at once; each sees the other's FIN, and close resets nothing.
    WskFixture.Pair p = f.connectedPair(l, ch.ref(), sh.ref());
    f.enable(p.client(), WskEvent.DISCONNECT);
    f.enable(p.server(), WskEvent.DISCONNECT);
    TestProbe<DisconnectCompleted> dc = testKit.createTestProbe();
    p.client().tell(new Disconnect(null, 0, dc.ref()));
    p.server().tell(new Disconnect(null, 0, dc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, dc.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, dc.receiveMessage(T).status());
    assertFalse(ch.expectMessageClass(DisconnectEvent.class, T).abortive());
    assertFalse(sh.expectMessageClass(DisconnectEvent.class, T).abortive());
    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    p.client().tell(new CloseSocket(closed.ref()));
    p.server().tell(new CloseSocket(closed.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    f.awaitSocketCount(1);

    // Abrupt: both CloseSocket at once (each resets); both complete.
    WskFixture.Pair q = f.connectedPair(l, ch.ref(), sh.ref());
    q.client().tell(new CloseSocket(closed.ref()));
    q.server().tell(new CloseSocket(closed.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    f.awaitSocketCount(1);
    f.close(l.socket());
    f.awaitSocketCount(0);
  }

  @Test
  void halfCloseByUsWhileThePeerGoesOnSending() throws Exception {
    // Data keeps flowing to us after our FIN: 960 KiB of the 1 MiB are written after it.
    RelFixture f = new RelFixture(testKit, "half-close-ours");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), false);
    byte[] data = random(2, 1 << 20);
    // The peer writes 64 KiB, waits for our FIN, then writes the rest of 1 MiB and its own FIN.
    int before = 64 * 1024;
    CompletableFuture<Integer> peerSaw =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                OutputStream out = c.peer().getOutputStream();
                out.write(data, 0, before);
                int eof = c.peer().getInputStream().read(); // our FIN
                for (int off = before; off < data.length; off += 16 * 1024) {
                  out.write(data, off, 16 * 1024);
                }
                c.peer().shutdownOutput();
                return eof;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
    c.ours().tell(new Receive(1024, WskFlags.WSK_FLAG_WAITALL, null, r.ref()));
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    ReceiveCompleted first = r.receiveMessage(T);
    got.update(first.data().toArray());
    long total = first.data().size();
    TestProbe<DisconnectCompleted> dc = testKit.createTestProbe();
    c.ours().tell(new Disconnect(null, 0, dc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, dc.receiveMessage(T).status());
    while (true) {
      c.ours().tell(new Receive(64 * 1024, r.ref()));
      ReceiveCompleted rc = r.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, rc.status());
      if (rc.data().isEmpty()) break; // the peer's FIN
      got.update(rc.data().toArray());
      total += rc.data().size();
    }
    assertEquals(-1, peerSaw.get(10, TimeUnit.SECONDS), "the peer read our FIN");
    assertEquals(data.length, total);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest());
    // Shut down both ways: close ends with FIN, not a reset.
    f.close(c.ours());
    c.closePlain();
    f.awaitSocketCount(0);
  }

  @Test
  void halfCloseByThePeerWhileWeGoOnSending() throws Exception {
    RelFixture f = new RelFixture(testKit, "half-close-peer");
    TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
    RelFixture.PlainConn c = f.connectToPlain(h.ref(), false);
    f.enable(c.ours(), WskEvent.DISCONNECT);
    c.peer().shutdownOutput();
    assertFalse(h.expectMessageClass(DisconnectEvent.class, T).abortive());
    byte[] data = random(3, 1 << 20);
    CompletableFuture<byte[]> peerRead =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                InputStream in = c.peer().getInputStream();
                byte[] all = in.readNBytes(data.length + 1); // +1: must end at our FIN
                return all;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    int chunk = 8 * 1024;
    for (int off = 0; off < data.length; off += chunk) {
      c.ours().tell(new Send(ByteString.fromArray(data, off, chunk), sent.ref()));
    }
    for (int off = 0; off < data.length; off += chunk) {
      assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, chunk), sent.receiveMessage(T));
    }
    TestProbe<DisconnectCompleted> dc = testKit.createTestProbe();
    c.ours().tell(new Disconnect(null, 0, dc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, dc.receiveMessage(T).status());
    byte[] all = peerRead.get(10, TimeUnit.SECONDS);
    assertArrayEquals(data, all, "every byte, in order, then our FIN");
    assertEquals(RelFixture.PeerSaw.FIN, RelFixture.readToEnd(c.peer()));
    f.close(c.ours());
    c.closePlain();
    f.awaitSocketCount(0);
  }
}
