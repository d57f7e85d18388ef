package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's first example, so the snippet stays compiling and correct. */
@ExtendWith(LogCapturingExtension.class)
class EchoExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("EchoExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void echoesOverIpv4ToTheDualStackListener() throws IOException {
    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    testKit.spawn(EchoExample.create(0, bound.ref()));
    BindCompleted b = bound.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", b.localAddress().getPort()), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
      assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
      s.shutdownOutput();
      assertEquals(-1, s.getInputStream().read(), "closed after the peer's FIN");
    }
  }
}
