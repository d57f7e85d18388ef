package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's stream-socket example: 1 MiB echoed through it, then a graceful close. */
@ExtendWith(LogCapturingExtension.class)
class StreamExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("StreamExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void echoesEveryByteAndClosesAfterThePeer() throws Exception {
    TestProbe<ListenCompleted> listening = testKit.createTestProbe();
    testKit.spawn(StreamExample.create(0, listening.ref()));
    ListenCompleted l = listening.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, l.status());

    byte[] sent = new byte[1 << 20];
    new Random(42).nextBytes(sent);
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", l.localAddress().getPort()), 5000);
      s.setSoTimeout(20_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  s.getOutputStream().write(sent);
                  s.shutdownOutput(); // our FIN: the server's DisconnectEvent
                } catch (Throwable e) {
                  writerError.set(e);
                }
              });
      writer.start();
      byte[] echoed = s.getInputStream().readAllBytes(); // until the server's FIN
      writer.join(10_000);
      assertNull(writerError.get());
      assertArrayEquals(sent, echoed);
    }
  }
}
