package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.GetStatistics;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketCategory;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatistics;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.SocketLog;

/**
 * The runtime's counters (GetStatistics, Wsk.statistics(), JMX) and the socket MDC in log lines.
 */
@ExtendWith(LogCapturingExtension.class)
class ObservabilityTest {
  static final ActorTestKit testKit = ActorTestKit.create("ObservabilityTest");
  static final Duration T = WskFixture.TIMEOUT;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  private static WskStatistics ask(ActorTestKit kit) {
    TestProbe<WskStatistics> p = kit.createTestProbe();
    Wsk.get(kit.system()).subsystem().tell(new GetStatistics(p.ref()));
    return p.receiveMessage(T);
  }

  @Test
  void countersFollowSocketsAndBytesAndJmxShowsTheSame() throws Exception {
    // Counters are per ActorSystem: a system of its own, so no socket of another test (one that
    // closes itself just after its reply) can open or close between the two snapshots.
    ActorTestKit kit = ActorTestKit.create("ObservabilityCounters");
    try {
      WskStatistics before = ask(kit);
      WskFixture f = new WskFixture(kit, "observed");
      TestProbe<ListenSocket.Event> lh = kit.createTestProbe();
      TestProbe<ConnectionSocket.Event> ch = kit.createTestProbe();
      TestProbe<ConnectionSocket.Event> sh = kit.createTestProbe();
      WskFixture.Bound l = f.boundListener(lh.ref());
      WskFixture.Pair pair = f.connectedPair(l, ch.ref(), sh.ref());

      ByteString payload = ByteString.fromArray(new byte[10_000]);
      TestProbe<SendCompleted> sent = kit.createTestProbe();
      pair.client().tell(new Send(payload, sent.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
      TestProbe<ReceiveCompleted> got = kit.createTestProbe();
      pair.server().tell(new Receive(payload.size(), WskFlags.WSK_FLAG_WAITALL, null, got.ref()));
      assertEquals(payload.size(), got.receiveMessage(T).data().size());

      WskStatistics during = ask(kit);
      assertEquals(before.clients() + 1, during.clients());
      assertEquals(
          before.openSockets(SocketCategory.LISTEN) + 1, during.openSockets(SocketCategory.LISTEN));
      assertEquals(
          before.openSockets(SocketCategory.CONNECTION) + 2,
          during.openSockets(SocketCategory.CONNECTION));
      assertEquals(before.connectionsAccepted() + 1, during.connectionsAccepted());
      assertEquals(before.connectionsConnected() + 1, during.connectionsConnected());
      assertEquals(before.bytesSent() + payload.size(), during.bytesSent());
      assertEquals(before.bytesReceived() + payload.size(), during.bytesReceived());
      assertEquals(during, Wsk.get(kit.system()).statistics());

      ObjectName name =
          new ObjectName(
              "org.wskactors:type=WskStatistics,system=" + ObjectName.quote(kit.system().name()));
      var jmx = ManagementFactory.getPlatformMBeanServer();
      assertEquals(during.bytesSent(), jmx.getAttribute(name, "BytesSent"));
      assertEquals(
          during.openSockets(SocketCategory.CONNECTION),
          jmx.getAttribute(name, "OpenConnectionSockets"));
      assertEquals(during.clients(), jmx.getAttribute(name, "Clients"));

      TestProbe<CloseCompleted> closed = kit.createTestProbe();
      pair.client().tell(new CloseSocket(closed.ref()));
      pair.server().tell(new CloseSocket(closed.ref()));
      l.socket().tell(new CloseSocket(closed.ref()));
      for (int i = 0; i < 3; i++) closed.receiveMessage(T);
      // The client counts a socket closed when it sees the socket actor terminate, just after the
      // reply.
      kit.createTestProbe()
          .awaitAssert(
              T,
              () -> {
                WskStatistics after = ask(kit);
                assertEquals(before.totalOpenSockets(), after.totalOpenSockets());
                return null;
              });

    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void socketLogLinesCarryTheSocketAndItsAddressesInTheMdc() throws Exception {
    // A port with nothing listening: the connect fails and the socket logs it at debug.
    InetSocketAddress dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    Logger logger =
        (Logger) LoggerFactory.getLogger("org.wskactors.runtime.internal.ConnectionSocketActor");
    MdcRecorder recorder = new MdcRecorder();
    recorder.start();
    logger.addAppender(recorder);
    try {
      WskFixture f = new WskFixture(testKit, "mdc");
      TestProbe<ConnectionSocket.Event> h = testKit.createTestProbe();
      var socket = f.connection(AddressFamily.INET, h.ref());
      TestProbe<BindCompleted> b = testKit.createTestProbe();
      socket.tell(new Bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), b.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, b.receiveMessage(T).status());
      TestProbe<ConnectCompleted> c = testKit.createTestProbe();
      socket.tell(new Connect(dead, c.ref()));
      assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, c.receiveMessage(T).status());

      Map<String, String> mdc = recorder.next(m -> m.message.startsWith("Connect to"));
      assertNotNull(mdc, "no 'Connect to ... failed' line logged");
      assertTrue(mdc.get(SocketLog.SOCKET).startsWith("conn-"), mdc.toString());
      assertTrue(mdc.get(SocketLog.CLIENT).startsWith("client-mdc-"), mdc.toString());
      assertEquals(dead.toString(), mdc.get(SocketLog.REMOTE));
      socket.tell(new CloseSocket(testKit.<CloseCompleted>createTestProbe().ref()));
    } finally {
      logger.detachAppender(recorder);
    }
  }

  /** Copies each event's message and MDC on the logging thread (the MDC is thread-local). */
  static final class MdcRecorder extends AppenderBase<ILoggingEvent> {
    record Line(String message, Map<String, String> mdc) {}

    final LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    @Override
    protected void append(ILoggingEvent e) {
      lines.add(new Line(e.getMessage(), new HashMap<>(e.getMDCPropertyMap())));
    }

    Map<String, String> next(java.util.function.Predicate<Line> which) throws InterruptedException {
      long deadline = System.nanoTime() + T.toNanos();
      while (System.nanoTime() < deadline) {
        Line l = lines.poll(100, TimeUnit.MILLISECONDS);
        if (l != null && which.test(l)) return l.mdc();
      }
      return null;
    }
  }
}
