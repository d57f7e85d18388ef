package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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

/** Runs the guide's datagram-socket example: its query against its service, and a Java client. */
@ExtendWith(LogCapturingExtension.class)
class DatagramExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("DatagramExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void theServiceAnswersInUpperCase() throws Exception {
    TestProbe<BindCompleted> bound = testKit.createTestProbe();
    testKit.spawn(DatagramExample.service(new InetSocketAddress("127.0.0.1", 0), bound.ref()));
    BindCompleted b = bound.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    InetSocketAddress service = b.localAddress();

    TestProbe<DatagramExample.Answer> answers = testKit.createTestProbe();
    testKit.spawn(DatagramExample.query(service, "hello, datagram", answers.ref()));
    DatagramExample.Answer a = answers.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    assertEquals("HELLO, DATAGRAM", a.text());
    assertEquals(service, a.from());

    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      client.setSoTimeout(10_000);
      byte[] question = "from java".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(question, question.length, service));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      client.receive(p);
      assertEquals("FROM JAVA", new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
    }
  }
}
