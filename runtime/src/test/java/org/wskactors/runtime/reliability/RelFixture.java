package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskFixture;
import org.wskactors.runtime.internal.ClientActor;

/**
 * The steps the reliability tests share: register a client, create sockets of every category,
 * connect pairs over loopback, close, and count what is left behind (the client's sockets, this
 * process's file descriptors).
 */
final class RelFixture {
  static final InetSocketAddress LOOPBACK_ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final InetSocketAddress ANY4 = new InetSocketAddress("0.0.0.0", 0);
  static final Duration T = Duration.ofSeconds(10);

  final ActorTestKit testKit;
  final ActorRef<WskProvider.Command> provider;
  private final WskFixture base;

  RelFixture(ActorTestKit testKit, String clientName) {
    this.testKit = testKit;
    this.base = new WskFixture(testKit, clientName);
    this.provider = base.provider;
  }

  // ---- creation ------------------------------------------------------------------------------

  ActorRef<ListenSocket.Command> listener(AddressFamily family, ActorRef<ListenSocket.Event> h) {
    return base.create(r -> new CreateListenSocket(family, h, r));
  }

  ActorRef<ConnectionSocket.Command> connection(
      AddressFamily family, ActorRef<ConnectionSocket.Event> h) {
    return base.create(r -> new CreateConnectionSocket(family, h, r));
  }

  ActorRef<DatagramSocket.Command> datagram(
      AddressFamily family, ActorRef<DatagramSocket.Event> h) {
    return base.create(r -> new CreateDatagramSocket(family, h, r));
  }

  ActorRef<StreamSocket.Command> stream(AddressFamily family, ActorRef<StreamSocket.Event> h) {
    return base.create(r -> new CreateStreamSocket(family, h, r));
  }

  /** Binds any socket that takes {@link Bind}; expects success and returns the bound address. */
  InetSocketAddress bind(ActorRef<? super Bind> socket, InetSocketAddress local) {
    TestProbe<BindCompleted> p = testKit.createTestProbe();
    socket.tell(new Bind(local, p.ref()));
    BindCompleted b = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    return b.localAddress();
  }

  /** A listener bound to loopback port 0. */
  WskFixture.Bound boundListener(ActorRef<ListenSocket.Event> h) {
    return base.boundListener(h);
  }

  /** Connects a new client socket to {@code listener} and takes the server side with an Accept. */
  WskFixture.Pair connectedPair(
      WskFixture.Bound listener,
      ActorRef<ConnectionSocket.Event> clientHandler,
      ActorRef<ConnectionSocket.Event> serverHandler) {
    return base.connectedPair(listener, clientHandler, serverHandler);
  }

  /**
   * Enables events on a socket (listener after bind, connection after connect); expects success.
   */
  void enable(ActorRef<? super SetOption<EventCallbackControl>> socket, WskEvent... events) {
    TestProbe<OptionSet> p = testKit.createTestProbe();
    socket.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(
                events[0], java.util.Arrays.copyOfRange(events, 1, events.length)),
            p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
  }

  /** Our connection socket connected to a plain Java peer (and the peer's server socket). */
  record PlainConn(ActorRef<ConnectionSocket.Command> ours, Socket peer, ServerSocket server) {
    void closePlain() throws IOException {
      peer.close();
      server.close();
    }
  }

  /**
   * Connects a new connection socket with handler {@code h} to a plain Java peer on loopback. With
   * {@code tiny}, both kernels get their smallest buffers, so a few hundred KiB of sends stay
   * queued in our socket while the peer does not read.
   */
  PlainConn connectToPlain(ActorRef<ConnectionSocket.Event> h, boolean tiny) throws IOException {
    ServerSocket server = new ServerSocket();
    if (tiny) server.setReceiveBufferSize(4096);
    server.bind(LOOPBACK_ANY_PORT, 50);
    server.setSoTimeout((int) T.toMillis());
    ActorRef<ConnectionSocket.Command> s = connection(AddressFamily.INET, h);
    if (tiny) {
      TestProbe<OptionSet> o = testKit.createTestProbe();
      s.tell(new SetOption<>(SocketOption.SO_SNDBUF, 4096, o.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, o.receiveMessage(T).status());
    }
    bind(s, ANY4);
    TestProbe<ConnectCompleted> c = testKit.createTestProbe();
    s.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), c.ref()));
    Socket peer = server.accept();
    peer.setSoTimeout((int) T.toMillis());
    assertEquals(WskStatus.STATUS_SUCCESS, c.receiveMessage(T).status());
    return new PlainConn(s, peer, server);
  }

  /** Waits until {@code socket} has handled every message sent to it before (a reply proves it). */
  void sync(ActorRef<? super GetLocalAddress> socket) {
    TestProbe<AddressCompleted> p = testKit.createTestProbe();
    socket.tell(new GetLocalAddress(p.ref()));
    p.receiveMessage(T);
  }

  // ---- closing and counting ------------------------------------------------------------------

  /** Closes any socket and waits for its CloseCompleted. */
  void close(ActorRef<?> socket) {
    TestProbe<CloseCompleted> p = testKit.createTestProbe();
    @SuppressWarnings("unchecked")
    ActorRef<Object> any = (ActorRef<Object>) socket;
    any.tell(new CloseSocket(p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
  }

  /** How many sockets the client has open (its socket actors that have not stopped). */
  int socketCount() {
    TestProbe<Integer> p = testKit.createTestProbe();
    provider.<Object>unsafeUpcast().tell(new ClientActor.GetSocketCount(p.ref()));
    return p.receiveMessage(T);
  }

  /** Waits until the client has exactly {@code expected} sockets. */
  void awaitSocketCount(int expected) {
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            Duration.ofMillis(5),
            () -> {
              assertEquals(expected, socketCount(), "sockets of the client");
              return null;
            });
  }

  /** Open file descriptors of this process, from /proc/self/fd; -1 where that is not readable. */
  static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * Waits (bounded) until this process has at most {@code limit} open file descriptors, and returns
   * the last count. Pekko IO closes a channel on its selector thread a moment after the socket
   * actor's close completed.
   */
  static int awaitFdsAtMost(int limit) {
    long deadline = System.nanoTime() + T.toNanos();
    int now = openFds();
    while (now > limit && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      now = openFds();
    }
    return now;
  }

  // ---- plain Java peers ----------------------------------------------------------------------

  /** A plain Java client connected to {@code to}, with a read timeout. */
  static Socket plainClient(InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    s.connect(to, 5000);
    s.setSoTimeout((int) T.toMillis());
    return s;
  }

  /** How the connection ended for a plain Java peer that reads until it ends. */
  enum PeerSaw {
    FIN,
    RESET
  }

  /** Reads (and discards) until the end of the stream; FIN or RESET. Fails on read timeout. */
  static PeerSaw readToEnd(Socket peer) throws IOException {
    InputStream in = peer.getInputStream();
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // discard
      }
      return PeerSaw.FIN;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection did not end for the peer", e);
    } catch (IOException e) {
      assertNotNull(e.getMessage());
      assertTrue(
          e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reset"),
          "expected a reset, got " + e);
      return PeerSaw.RESET;
    }
  }
}
