package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.echo.EchoServer;

/**
 * Echo clients that write and never read: the echo server keeps each one's echo in flight
 * (indications retained until their echo's send completes), so once the client's receive buffer and
 * the kernel's queues are full its socket's receive window ({@code
 * wsk-actors.connection.receive-window}) fills, the socket stops reading and TCP stops the client's
 * writes. The server's live heap stays within the windows (plus one transport read each, {@code
 * pekko.io.tcp.direct-buffer-size}), a normal client's echo goes on meanwhile, and when the stuck
 * clients read at last every byte comes back, in order.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(120)
class EchoBackpressureTest {
  static final ActorTestKit testKit = ActorTestKit.create("EchoBackpressureTest");
  static final int STUCK = 16;

  /** A client whose writes never stall after this much means the server buffers without bound. */
  static final long MAX_WRITTEN = 32L << 20;

  static final long SLACK = 16L << 20;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** The byte at {@code offset} of client {@code client}'s stream. */
  static byte pattern(int client, long offset) {
    return (byte) ((offset * 31 + client * 7 + (offset >> 12)) & 0xff);
  }

  static void echo(InetSocketAddress server, int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    try (Socket s = new Socket()) {
      s.connect(server, (int) LoadKit.T.toMillis());
      s.setSoTimeout((int) LoadKit.T.toMillis());
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] back = new byte[size];
      int read = 0;
      for (int off = 0; off < size; off += 16384) {
        out.write(data, off, Math.min(16384, size - off));
        // read what has come back so far, so neither side's buffers fill
        while (in.available() > 0 && read < size) read += in.read(back, read, size - read);
      }
      while (read < size) {
        int n = in.read(back, read, size - read);
        if (n < 0) fail("echo ended early");
        read += n;
      }
      assertArrayEquals(data, back);
      s.shutdownOutput();
      assertEquals(-1, in.read());
    }
  }

  @Test
  @SuppressWarnings("try") // the quiet-logs resource is only closed
  void clientsThatNeverReadArePushedBackAndTheServerHoldsAtMostItsWindows() throws Exception {
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(EchoServer.create(0, started.ref()));
    int port =
        started.expectMessageClass(ServerStartup.Listening.class, LoadKit.T).address().getPort();
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
    long window =
        testKit.system().settings().config().getBytes("wsk-actors.connection.receive-window");
    long read = testKit.system().settings().config().getBytes("pekko.io.tcp.direct-buffer-size");
    long start = System.nanoTime();
    try (AutoCloseable quiet = LoadKit.quietLogs();
        Selector selector = Selector.open()) {
      echo(server, 256 * 1024, 1); // warm up
      long heapBefore = LoadKit.heapAfterGc();
      int fdsBefore = LoadKit.openFds();

      List<SocketChannel> stuck = new ArrayList<>();
      long[] written = new long[STUCK];
      for (int i = 0; i < STUCK; i++) {
        SocketChannel ch = SocketChannel.open();
        // Small client buffers: most of what is in flight is then the server's.
        ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        ch.connect(server);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_WRITE, i);
        stuck.add(ch);
      }
      // Write to every client until none can write any more: a client is stalled when its socket
      // does not become writable within a second.
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      while (selector.select(1000) > 0) { // until none is writable for a second
        for (SelectionKey k : selector.selectedKeys()) {
          int i = (Integer) k.attachment();
          SocketChannel ch = (SocketChannel) k.channel();
          chunk.clear();
          for (int b = 0; b < chunk.capacity(); b++) chunk.put(pattern(i, written[i] + b));
          chunk.flip();
          written[i] += ch.write(chunk);
          if (written[i] > MAX_WRITTEN)
            fail(
                "client " + i + " wrote " + LoadKit.mib(written[i]) + " without being pushed back");
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey k : selector.keys()) k.cancel();
      selector.selectNow();
      // All stuck now: the server holds at most a window and a read for each.
      echo(server, 256 * 1024, 2);
      long growth = LoadKit.heapAfterGc() - heapBefore;
      long bound = STUCK * (window + read) + SLACK;
      long total = 0;
      for (long w : written) total += w;
      assertTrue(
          growth <= bound,
          "live heap grew " + LoadKit.mib(growth) + ", bound " + LoadKit.mib(bound));

      // They read at last: every byte comes back, in order.
      for (int i = 0; i < STUCK; i++) {
        SocketChannel ch = stuck.get(i);
        ch.configureBlocking(true);
        ch.socket().setSoTimeout((int) LoadKit.T.toMillis());
        ch.shutdownOutput();
        InputStream in = ch.socket().getInputStream();
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int b = 0; b < n; b++) {
            if (buf[b] != pattern(i, got + b))
              fail("client " + i + ": byte " + (got + b) + " differs");
          }
          got += n;
        }
        assertEquals(written[i], got, "client " + i + " got back every byte");
        ch.close();
      }
      echo(server, 256 * 1024, 3);
      long leftover = LoadKit.heapAfterGc() - heapBefore;
      LoadKit.awaitFdsAtMost(testKit, fdsBefore);
      LoadKit.report(
          "echo clients that never read",
          String.format(
              "%d clients wrote %s (%s each on average) before TCP stopped them; live heap +%s"
                  + " (bound %d x (window %d KiB + read %d KiB) + %s), %s after; every byte echoed"
                  + " back in order; normal client served before, during and after; %d s",
              STUCK,
              LoadKit.mib(total),
              LoadKit.mib(total / STUCK),
              LoadKit.mib(growth),
              STUCK,
              window / 1024,
              read / 1024,
              LoadKit.mib(SLACK),
              (leftover >= 0 ? "+" : "") + LoadKit.mib(leftover),
              (System.nanoTime() - start) / 1_000_000_000L));
      assertTrue(leftover <= 8L << 20, "live heap after: " + LoadKit.mib(leftover));
    }
  }
}
