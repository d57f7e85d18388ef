package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's listening-socket example. */
@ExtendWith(LogCapturingExtension.class)
class ListenExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("ListenExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void greetsAListedPeerAndResetsAnUnlistedOne() throws IOException {
    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    InetAddress ipv4Loopback = InetAddress.getByName("127.0.0.1");
    testKit.spawn(ListenExample.create(0, Set.of(ipv4Loopback), bound.ref()));
    BindCompleted b = bound.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    int port = b.localAddress().getPort();

    assertEquals("hello 127.0.0.1\r\n", read(new InetSocketAddress(ipv4Loopback, port)));
    // ::1 is not listed: the handshake completed, but the inspect event's REJECT resets it.
    assertEquals("", read(new InetSocketAddress(InetAddress.getByName("::1"), port)));
    // The listener goes on serving after a rejection.
    assertEquals("hello 127.0.0.1\r\n", read(new InetSocketAddress(ipv4Loopback, port)));
  }

  /**
   * Everything the server sends until it closes; "" when it resets the connection. The reset can
   * arrive before {@code connect} has looked at the socket's error (the kernel completed the
   * handshake and the rejection followed at once), so a reset there counts too; a refused
   * connection does not.
   */
  private static String read(InetSocketAddress server) throws IOException {
    try (Socket s = new Socket()) {
      try {
        s.connect(server, 5000);
        s.setSoTimeout(10_000);
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (ConnectException refused) {
        throw refused;
      } catch (SocketException reset) {
        return "";
      }
    }
  }
}
