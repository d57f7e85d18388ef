package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's connection-socket example against a plain Java server. */
@ExtendWith(LogCapturingExtension.class)
class ConnectionExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("ConnectionExampleTest");
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void collectsTheWholeResponseUntilTheServerCloses() throws Exception {
    byte[] body = new byte[300_000]; // more than one Receive's worth
    for (int i = 0; i < body.length; i++) body[i] = (byte) ('a' + i % 26);
    AtomicReference<String> request = new AtomicReference<>();
    AtomicReference<Throwable> serverError = new AtomicReference<>();
    try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  s.setSoTimeout(10_000);
                  request.set(readLine(s.getInputStream()));
                  OutputStream out = s.getOutputStream();
                  out.write(body);
                  out.flush();
                } catch (Throwable e) {
                  serverError.set(e);
                }
              });
      t.start();
      TestProbe<ConnectionExample.Response> responses = testKit.createTestProbe();
      testKit.spawn(
          ConnectionExample.create(
              new InetSocketAddress(LOOPBACK, server.getLocalPort()),
              ByteString.fromString("GET /letters\n"),
              responses.ref()));
      ConnectionExample.Response r = responses.receiveMessage(Duration.ofSeconds(20));
      t.join(10_000);
      assertNull(serverError.get());
      assertEquals("GET /letters", request.get());
      assertEquals(WskStatus.STATUS_SUCCESS, r.status());
      assertTrue(Arrays.equals(body, r.response().toArray()), "response bytes");
    }
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      closedPort = s.getLocalPort();
    }
    TestProbe<ConnectionExample.Response> responses = testKit.createTestProbe();
    testKit.spawn(
        ConnectionExample.create(
            new InetSocketAddress(LOOPBACK, closedPort),
            ByteString.fromString("GET /\n"),
            responses.ref()));
    ConnectionExample.Response r = responses.receiveMessage(Duration.ofSeconds(20));
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, r.status());
    assertTrue(r.response().isEmpty());
  }

  private static String readLine(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) line.write(c);
    return line.toString(StandardCharsets.UTF_8);
  }
}
