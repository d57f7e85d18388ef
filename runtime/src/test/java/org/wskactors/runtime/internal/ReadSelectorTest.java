package org.wskactors.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runtime's read selector on real loopback sockets: nothing is read without credit, never more
 * than the credit, the end of the stream and a reset are reported once, and a cancelled or closed
 * channel is left alone.
 */
@ExtendWith(LogCapturingExtension.class)
class ReadSelectorTest {
  static final ActorTestKit testKit = ActorTestKit.create("ReadSelectorTest");
  static final Duration T = Duration.ofSeconds(10);
  static final Duration QUIET = Duration.ofMillis(300);

  private ReadSelector selector;
  private ServerSocketChannel server;
  private Socket peer;
  private SocketChannel channel;
  private TestProbe<Object> socket;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void connect() throws IOException {
    selector = new ReadSelector("read-selector-test", 1024);
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    peer = new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
    channel = server.accept();
    channel.configureBlocking(false);
    socket = testKit.createTestProbe();
  }

  @AfterEach
  void close() throws IOException {
    selector.close();
    peer.close();
    channel.close();
    server.close();
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
    return b;
  }

  /** Collects Reads until {@code n} bytes arrived. */
  private ByteString readBytes(int n) {
    ByteString got = ByteString.emptyByteString();
    while (got.size() < n) {
      got = got.concat(socket.expectMessageClass(ReadSelector.Read.class, T).data());
    }
    return got;
  }

  /** A registration with credit to spare that has read the peer's first ten bytes. */
  private ReadSelector.Registration readingAfterTenBytes() throws IOException {
    ReadSelector.Registration r = selector.register(channel, socket.ref());
    r.grant(1000);
    peer.getOutputStream().write(pattern(10));
    assertEquals(10, readBytes(10).size());
    return r;
  }

  @Test
  void readsNothingWithoutCreditAndNeverMoreThanTheCredit() throws IOException {
    ReadSelector.Registration r = selector.register(channel, socket.ref());
    byte[] sent = pattern(5000);
    peer.getOutputStream().write(sent);
    socket.expectNoMessage(QUIET);

    r.grant(10);
    assertEquals(10, readBytes(10).size());
    socket.expectNoMessage(QUIET);

    // The rest in reads of at most the buffer's 1,024 bytes, in order.
    r.grant(sent.length - 10);
    ByteString rest = readBytes(sent.length - 10);
    assertEquals(sent.length - 10, rest.size());
    byte[] tail = new byte[sent.length - 10];
    System.arraycopy(sent, 10, tail, 0, tail.length);
    assertArrayEquals(tail, rest.toArray());
    socket.expectNoMessage(QUIET);
  }

  @Test
  void creditGrantedAheadIsUsedAsBytesArrive() throws IOException {
    ReadSelector.Registration r = selector.register(channel, socket.ref());
    r.grant(100);
    socket.expectNoMessage(QUIET);
    OutputStream out = peer.getOutputStream();
    out.write(pattern(60));
    assertEquals(60, readBytes(60).size());
    out.write(pattern(60));
    assertEquals(40, readBytes(40).size()); // the credit's last 40; 20 wait in the kernel
    socket.expectNoMessage(QUIET);
    r.grant(20);
    assertEquals(20, readBytes(20).size());
  }

  @Test
  void theEndOfTheStreamComesAfterTheBytesAndEndsReading() throws IOException {
    ReadSelector.Registration r = selector.register(channel, socket.ref());
    r.grant(1000);
    peer.getOutputStream().write("last words".getBytes());
    peer.shutdownOutput();
    assertEquals("last words", readBytes(10).utf8String());
    socket.expectMessage(T, ReadSelector.EndOfStream.INSTANCE);
    r.grant(1000);
    socket.expectNoMessage(QUIET);
  }

  @Test
  void aResetIsReportedAsAFailure() throws IOException {
    ReadSelector.Registration r = selector.register(channel, socket.ref());
    r.grant(1000);
    peer.setSoLinger(true, 0);
    peer.close();
    ReadSelector.Failed f = socket.expectMessageClass(ReadSelector.Failed.class, T);
    assertInstanceOf(IOException.class, f.cause());
    socket.expectNoMessage(QUIET);
  }

  @Test
  void aCancelledRegistrationReadsNothingMore() throws IOException {
    ReadSelector.Registration r = readingAfterTenBytes();
    r.cancel();
    peer.getOutputStream().write(pattern(10));
    r.grant(1000);
    socket.expectNoMessage(QUIET);
    assertTrue(channel.isOpen(), "the channel belongs to Pekko IO: cancel leaves it open");
  }

  @Test
  void aChannelClosedByItsOwnerEndsQuietlyAndTheSelectorServesOthers() throws IOException {
    readingAfterTenBytes();
    channel.close(); // what Pekko IO does on abort or close
    peer.getOutputStream().write(pattern(10));
    socket.expectNoMessage(QUIET);

    try (Socket other =
            new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
        SocketChannel accepted = server.accept()) {
      accepted.configureBlocking(false);
      TestProbe<Object> second = testKit.createTestProbe();
      selector.register(accepted, second.ref()).grant(100);
      other.getOutputStream().write("still here".getBytes());
      assertEquals(
          "still here", second.expectMessageClass(ReadSelector.Read.class, T).data().utf8String());
    }
  }

  @Test
  void aTaskQueuedWhileChannelsCloseStillWakesTheSelector() throws Exception {
    // Closing a channel takes a selection inside the round, which consumes a pending wakeup: a
    // task queued from another thread just then must still run (it once waited forever).
    for (int i = 0; i < 2000; i++) {
      java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
      pipe.source().configureBlocking(false);
      java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
      selector.execute(() -> selector.closeChannel(pipe.source(), closed::countDown));
      selector.execute(() -> {});
      selector.execute(ran::countDown);
      assertTrue(closed.await(5, java.util.concurrent.TimeUnit.SECONDS), "closed, round " + i);
      assertTrue(ran.await(5, java.util.concurrent.TimeUnit.SECONDS), "ran, round " + i);
      assertTrue(!pipe.source().isOpen());
      pipe.sink().close();
    }
  }

  @Test
  void anAcceptorTakesOnlyTheConnectionsItIsGrantedAndClosingReleasesThePort() throws Exception {
    ServerSocketChannel listening = ServerSocketChannel.open();
    listening.configureBlocking(false);
    listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetSocketAddress address = (InetSocketAddress) listening.getLocalAddress();
    TestProbe<Object> listener = testKit.createTestProbe();
    ReadSelector.Acceptor acceptor = selector.registerAcceptor(listening, listener.ref(), c -> {});
    try (Socket a = new Socket(address.getAddress(), address.getPort());
        Socket b = new Socket(address.getAddress(), address.getPort())) {
      listener.expectNoMessage(QUIET); // no credit: the kernel holds them
      acceptor.grant(1);
      SocketChannel first = listener.expectMessageClass(ReadSelector.Accepted.class, T).channel();
      assertTrue(!first.isBlocking(), "non-blocking");
      assertEquals(a.getLocalSocketAddress(), first.getRemoteAddress());
      listener.expectNoMessage(QUIET); // one granted, one taken
      acceptor.grant(1);
      SocketChannel second = listener.expectMessageClass(ReadSelector.Accepted.class, T).channel();
      assertEquals(b.getLocalSocketAddress(), second.getRemoteAddress());
      first.close();
      second.close();
    }
    acceptor.close();
    listener.expectMessage(T, ReadSelector.AcceptorClosed.INSTANCE);
    try (ServerSocketChannel again = ServerSocketChannel.open()) {
      again.bind(address); // the port was released when AcceptorClosed was sent
    }
  }

  @Test
  void anOwnedChannelIsToldWhenItIsWritableAgainAndReadsAfterwards() throws Exception {
    ReadSelector.Registration r = selector.registerOwned(channel, socket.ref());
    // Fill the kernel's buffers: the peer does not read yet.
    java.nio.ByteBuffer junk = java.nio.ByteBuffer.allocate(1 << 16);
    long filled = 0;
    int n;
    while ((n = channel.write(junk.clear())) > 0) filled += n;
    java.util.concurrent.CountDownLatch writable = new java.util.concurrent.CountDownLatch(1);
    r.whenWritable(writable::countDown);
    r.grant(100);
    assertTrue(!writable.await(300, java.util.concurrent.TimeUnit.MILLISECONDS), "still full");
    peer.getInputStream().readNBytes((int) filled);
    assertTrue(writable.await(10, java.util.concurrent.TimeUnit.SECONDS), "writable again");
    // Reading stopped for good (cancel) leaves the registration for writes, and reads still
    // arrived before it.
    peer.getOutputStream().write(pattern(10));
    assertArrayEquals(pattern(10), readBytes(10).toArray());
    r.cancel();
    java.util.concurrent.CountDownLatch again = new java.util.concurrent.CountDownLatch(1);
    r.whenWritable(again::countDown);
    assertTrue(again.await(10, java.util.concurrent.TimeUnit.SECONDS), "writable after cancel");
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    selector.closeChannel(channel, closed::countDown);
    assertTrue(closed.await(10, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(!channel.isOpen());
    assertEquals(-1, peer.getInputStream().read(), "the peer sees the close");
  }
}
