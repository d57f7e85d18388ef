package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.ControlClientCompleted;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskFixture;

/**
 * {@code CloseSocket} and {@code Deregister} while every kind of request is pending: Receive,
 * queued Sends, a graceful Disconnect waiting behind them, Accept (with and without timeout),
 * Receive on a stream socket, ReceiveFrom, the address-list change IOCTL and the transport-list
 * change of the client. Every one completes {@code STATUS_CANCELLED} (a Send the transport already
 * took completes with success first), the peers see a reset, and nothing is left behind. A pending
 * Connect needs a peer that never answers: {@link VanishedPeerTest}.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingRequestsTest {
  static final ActorTestKit testKit = ActorTestKit.create("PendingRequestsTest");
  static final Duration T = RelFixture.T;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** Every socket of one client with requests pending on it, and the probes that wait for them. */
  static final class Pending {
    final List<ActorRef<?>> sockets = new ArrayList<>();
    final List<Socket> peers = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();

    /** Probes that each get exactly one completion per pending request, CANCELLED. */
    final List<TestProbe<Object>> cancelled = new ArrayList<>();

    /** How many of those each probe waits for. */
    final List<Integer> counts = new ArrayList<>();

    /** Sends: the first ones may succeed before the rest are cancelled. */
    TestProbe<SendCompleted> sends;

    int sendCount;

    TestProbe<Object> expect(int n) {
      TestProbe<Object> p = testKit.createTestProbe();
      cancelled.add(p);
      counts.add(n);
      return p;
    }
  }

  static Pending pendingEverywhere(RelFixture f) throws Exception {
    Pending p = new Pending();
    // Connection: a Receive, queued Sends (tiny buffers, the peer does not read), a Disconnect.
    RelFixture.PlainConn c =
        f.connectToPlain(testKit.<ConnectionSocket.Event>createTestProbe().ref(), true);
    p.sockets.add(c.ours());
    p.peers.add(c.peer());
    p.resources.add(c.server());
    c.ours().tell(new Receive(10, p.expect(1).ref().narrow()));
    p.sends = testKit.createTestProbe();
    p.sendCount = 6;
    for (int i = 0; i < p.sendCount; i++) {
      c.ours().tell(new Send(ByteString.fromArray(new byte[256 * 1024]), p.sends.ref()));
    }
    c.ours().tell(new Disconnect(null, 0, p.expect(1).ref().<DisconnectCompleted>narrow()));
    f.sync(c.ours());

    // Listener: three Accepts, one with a timeout.
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    p.sockets.add(l.socket());
    TestProbe<Object> acc = p.expect(3);
    ActorRef<ConnectionSocket.Event> sink = testKit.<ConnectionSocket.Event>createTestProbe().ref();
    l.socket().tell(new Accept(sink, acc.ref().narrow()));
    l.socket().tell(new Accept(sink, Duration.ofMinutes(5), acc.ref().narrow()));
    l.socket().tell(new Accept(sink, acc.ref().narrow()));
    f.sync(l.socket());

    // Stream socket as a listener: an Accept.
    ActorRef<StreamSocket.Command> sl =
        f.stream(AddressFamily.INET, testKit.<StreamSocket.Event>createTestProbe().ref());
    p.sockets.add(sl);
    f.bind(sl, RelFixture.LOOPBACK_ANY_PORT);
    TestProbe<ListenCompleted> lc = testKit.createTestProbe();
    sl.tell(new Listen(lc.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, lc.receiveMessage(T).status());
    sl.tell(new Accept(sink, p.expect(1).ref().<AcceptCompleted>narrow()));
    f.sync(sl);

    // Stream socket as a connection: a Receive.
    ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    server.setSoTimeout((int) T.toMillis());
    p.resources.add(server);
    ActorRef<StreamSocket.Command> sc =
        f.stream(AddressFamily.INET, testKit.<StreamSocket.Event>createTestProbe().ref());
    p.sockets.add(sc);
    f.bind(sc, RelFixture.ANY4);
    TestProbe<ConnectCompleted> cc = testKit.createTestProbe();
    sc.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), cc.ref()));
    Socket speer = server.accept();
    speer.setSoTimeout((int) T.toMillis());
    p.peers.add(speer);
    assertEquals(WskStatus.STATUS_SUCCESS, cc.receiveMessage(T).status());
    sc.tell(new Receive(10, p.expect(1).ref().<ReceiveCompleted>narrow()));
    f.sync(sc);

    // Datagram: two ReceiveFroms, one with a timeout.
    ActorRef<DatagramSocket.Command> d =
        f.datagram(AddressFamily.INET, testKit.<DatagramSocket.Event>createTestProbe().ref());
    p.sockets.add(d);
    f.bind(d, RelFixture.LOOPBACK_ANY_PORT);
    TestProbe<Object> rf = p.expect(2);
    d.tell(new ReceiveFrom(100, 0, null, rf.ref().<ReceiveFromCompleted>narrow()));
    d.tell(new ReceiveFrom(100, 0, Duration.ofMinutes(5), rf.ref().<ReceiveFromCompleted>narrow()));
    f.sync(d);

    // Basic: an address-list change notification.
    TestProbe<SocketCreated<BasicSocket.Command>> bc = testKit.createTestProbe();
    f.provider.tell(new CreateBasicSocket(AddressFamily.INET, bc.ref()));
    ActorRef<BasicSocket.Command> b = bc.receiveMessage(T).socket();
    p.sockets.add(b);
    b.tell(
        Ioctl.query(
            IoctlCode.SIO_ADDRESS_LIST_CHANGE, p.expect(1).ref().<IoctlCompleted<Void>>narrow()));
    // (a basic socket has no GetLocalAddress; a query answered after the change request proves
    // the change request was handled)
    TestProbe<IoctlCompleted<List<java.net.InetAddress>>> q = testKit.createTestProbe();
    b.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_QUERY, q.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, q.receiveMessage(T).status());
    assertEquals(p.sockets.size(), f.socketCount());
    return p;
  }

  /** Every pending request completed CANCELLED (sends: successes first, then CANCELLED). */
  static void assertAllCancelled(Pending p) {
    for (int i = 0; i < p.cancelled.size(); i++) {
      for (int n = 0; n < p.counts.get(i); n++) {
        Object m = p.cancelled.get(i).receiveMessage(T);
        assertEquals(WskStatus.STATUS_CANCELLED, ((WskCompletion) m).status(), m.toString());
      }
    }
    int cancelledSends = 0;
    for (int i = 0; i < p.sendCount; i++) {
      WskStatus st = p.sends.receiveMessage(T).status();
      if (st == WskStatus.STATUS_CANCELLED) cancelledSends++;
      else assertEquals(WskStatus.STATUS_SUCCESS, st);
    }
    assertTrue(cancelledSends >= p.sendCount - 2, "queued sends cancelled: " + cancelledSends);
  }

  static void assertPeersReset(Pending p) throws Exception {
    for (Socket peer : p.peers) {
      assertEquals(RelFixture.PeerSaw.RESET, RelFixture.readToEnd(peer));
      peer.close();
    }
    for (AutoCloseable r : p.resources) r.close();
  }

  @Test
  void closeSocketCancelsEveryPendingRequestOfEveryCategory() throws Exception {
    RelFixture f = new RelFixture(testKit, "close-pending");
    // A first round, deregistered, opens what Pekko IO creates lazily (selectors, UDP manager).
    Pending warm = pendingEverywhere(f);
    f.provider.tell(new Deregister(testKit.<Deregistered>createTestProbe().ref()));
    assertAllCancelled(warm);
    assertPeersReset(warm);
    testKit.createTestProbe().expectTerminated(f.provider, T);
    RelFixture g = new RelFixture(testKit, "close-pending-2");
    int fds = RelFixture.openFds();
    Pending p = pendingEverywhere(g);
    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    for (ActorRef<?> s : p.sockets) {
      @SuppressWarnings("unchecked")
      ActorRef<Object> any = (ActorRef<Object>) s;
      any.tell(new CloseSocket(closed.ref()));
    }
    assertAllCancelled(p);
    for (int i = 0; i < p.sockets.size(); i++) {
      assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    }
    assertPeersReset(p);
    g.awaitSocketCount(0);
    assertTrue(RelFixture.awaitFdsAtMost(fds) <= fds, "file descriptors back");
  }

  @Test
  void deregisterCancelsEveryPendingRequestAndClosesEverySocket() throws Exception {
    RelFixture f = new RelFixture(testKit, "dereg-pending");
    Pending p = pendingEverywhere(f);
    TestProbe<ControlClientCompleted<Void>> change = testKit.createTestProbe();
    f.provider.tell(
        new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_CHANGE, null, change.ref()));
    TestProbe<Deregistered> dereg = testKit.createTestProbe();
    f.provider.tell(new Deregister(dereg.ref()));
    assertAllCancelled(p);
    assertEquals(WskStatus.STATUS_CANCELLED, change.receiveMessage(T).status());
    Deregistered d = dereg.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, d.status());
    assertEquals(p.sockets.size(), d.socketsClosed());
    TestProbe<Object> watcher = testKit.createTestProbe();
    for (ActorRef<?> s : p.sockets) watcher.expectTerminated(s, T);
    watcher.expectTerminated(f.provider, T);
    assertPeersReset(p);
  }
}
