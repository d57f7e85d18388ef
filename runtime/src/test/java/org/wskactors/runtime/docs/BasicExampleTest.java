package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's basic-socket example. */
@ExtendWith(LogCapturingExtension.class)
class BasicExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("BasicExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void localhostIsReachedFromTheLoopbackAddress() throws Exception {
    TestProbe<BasicExample.Report> reports = testKit.createTestProbe();
    testKit.spawn(BasicExample.create("localhost", reports.ref()));
    BasicExample.Report r = reports.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    assertEquals(loopback, r.routeFrom());
    assertTrue(r.localAddresses().contains(loopback), "address list: " + r.localAddresses());
    assertTrue(
        r.localAddresses().stream().allMatch(a -> a instanceof Inet4Address),
        "only the socket's family: " + r.localAddresses());
  }
}
