package org.wskactors.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP echo load's warming phase, against a blocking echo server in this JVM. */
@Timeout(60)
class TcpEchoLoadTest {

  private static final int CONNECTIONS = 4;
  private static final int SIZE = 64;

  private ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong echoed = new AtomicLong();

  /** Counted down once the server has echoed 100 messages' worth past priming. */
  private final CountDownLatch busy = new CountDownLatch(1);

  @BeforeEach
  void startEchoServer() throws IOException {
    server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = server.accept();
                  accepted.incrementAndGet();
                  Thread t = new Thread(() -> echo(s), "echo");
                  t.setDaemon(true);
                  t.start();
                }
              } catch (IOException closed) {
                // the test is over
              }
            },
            "acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void echo(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (echoed.addAndGet(n) >= (CONNECTIONS + 100L) * SIZE) busy.countDown();
      }
    } catch (IOException e) {
      // the load closed the connection
    }
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private TcpEchoLoad.Params params() {
    return new TcpEchoLoad.Params(
        new InetSocketAddress(server.getInetAddress(), server.getLocalPort()),
        CONNECTIONS,
        SIZE,
        1,
        Duration.ZERO,
        Duration.ofMillis(500),
        1);
  }

  @Test
  void theLoadRunsDuringWarmingOnTheConnectionsItThenMeasures() throws Exception {
    long[] echoedWhenWarm = new long[1];
    Stats st =
        TcpEchoLoad.run(
            params(),
            () -> {
              // The load is on while the warming waits: the server echoes without a new window.
              assertTrue(busy.await(30, TimeUnit.SECONDS), "no load during warming");
              echoedWhenWarm[0] = echoed.get();
            });
    assertEquals(0, st.errors(), () -> String.join("; ", st.errorSamples()));
    assertTrue(st.operations() > 0, "nothing completed in the window");
    // The window comes after the warming: its completions were echoed after the warming returned.
    assertTrue(
        echoed.get() - echoedWhenWarm[0] >= st.operations() * SIZE,
        "completions counted from before the window");
    assertEquals(CONNECTIONS, accepted.get(), "connections reopened for the measurement");
  }

  @Test
  void aFailingWarmingEndsTheLoadAndIsRethrown() {
    IOException boom = new IOException("compiler threads unreadable");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                TcpEchoLoad.run(
                    params(),
                    () -> {
                      assertTrue(busy.await(30, TimeUnit.SECONDS));
                      throw boom;
                    }));
    assertSame(boom, thrown);
  }
}
