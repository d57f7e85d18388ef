package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskStatus;

/**
 * The receive window over a real connection: a handler that stops consuming makes the socket stop
 * reading, TCP pushes back on the sender, and nothing is lost when the handler resumes.
 */
@ExtendWith(LogCapturingExtension.class)
class FlowControlTest {
  static final ActorTestKit testKit = ActorTestKit.create("FlowControlTest");
  static final Duration T = WskFixture.TIMEOUT;
  static final int TOTAL = 64 << 20;
  static final int WINDOW = WskSettings.create(testKit.system()).receiveWindow();

  /** One Pekko IO read (pekko.io.tcp.direct-buffer-size) may land on top of a full window. */
  static final int READ_BUFFER =
      (int)
          testKit
              .system()
              .settings()
              .config()
              .getBytes("pekko.io.tcp.direct-buffer-size")
              .longValue();

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  // ---- a handler that retains indications while paused and digests everything in order ----

  sealed interface HandlerMsg {}

  record Event(ConnectionSocket.Event event) implements HandlerMsg {}

  record Resume() implements HandlerMsg {}

  /** Sent to the test: bytes held (retained) so far while paused. */
  record Held(long bytes) {}

  /** Sent to the test: all bytes arrived (peer closed). */
  record Done(long bytes, byte[] sha256) {}

  static Behavior<HandlerMsg> handler(ActorRef<Object> report) {
    return Behaviors.setup(
        ctx -> {
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          long[] count = {0, 0};
          boolean[] paused = {true};
          List<ReceiveEvent> held = new ArrayList<>();
          return Behaviors.receive(HandlerMsg.class)
              .onMessage(
                  Event.class,
                  m -> {
                    if (m.event() instanceof ReceiveEvent r) {
                      if (paused[0]) {
                        held.add(r);
                        count[1] += r.data().size();
                        r.replyTo().tell(ReceiveEventResponse.retained());
                        report.tell(new Held(count[1]));
                      } else {
                        for (java.nio.ByteBuffer b : r.data().getByteBuffers()) sha.update(b);
                        count[0] += r.data().size();
                        r.replyTo().tell(ReceiveEventResponse.consumed());
                      }
                    } else if (m.event() instanceof DisconnectEvent) {
                      report.tell(new Done(count[0], sha.digest()));
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  Resume.class,
                  m -> {
                    paused[0] = false;
                    for (ReceiveEvent r : held) {
                      for (java.nio.ByteBuffer b : r.data().getByteBuffers()) sha.update(b);
                      count[0] += r.data().size();
                      r.socket().tell(new Release(r.indicationId()));
                    }
                    held.clear();
                    return Behaviors.same();
                  })
              .build();
        });
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void stalledHandlerBoundsMemoryAndAllBytesArriveWhenItResumes() throws Exception {
    WskFixture f = new WskFixture(testKit, "flow");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<Object> report = testKit.createTestProbe();
    ActorRef<HandlerMsg> h = testKit.spawn(handler(report.ref()));
    ActorRef<ConnectionSocket.Event> events =
        testKit.spawn(
            Behaviors.<ConnectionSocket.Event>receiveMessage(
                e -> {
                  h.tell(new Event(e));
                  return Behaviors.same();
                }));
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    l.socket().tell(new Accept(events, acc.ref()));

    AtomicLong written = new AtomicLong();
    MessageDigest sentSha = MessageDigest.getInstance("SHA-256");
    Socket peer = new Socket();
    peer.connect(l.address(), 5000);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = peer.getOutputStream()) {
                Random rnd = new Random(42);
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < TOTAL; sent += chunk.length) {
                  rnd.nextBytes(chunk);
                  sentSha.update(chunk);
                  out.write(chunk);
                  written.addAndGet(chunk.length);
                }
                peer.shutdownOutput();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });

    AcceptCompleted a = acc.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    TestProbe<OptionSet> opt = testKit.createTestProbe();
    a.socket()
        .tell(
            new SetOption<>(
                SocketOption.SO_WSK_EVENT_CALLBACK,
                EventCallbackControl.enable(WskEvent.RECEIVE, WskEvent.DISCONNECT),
                opt.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, opt.receiveMessage(T).status());

    // Paused: indications are retained until the window is full, then the socket stops reading.
    long held = 0;
    while (held < WINDOW) held = report.expectMessageClass(Held.class, T).bytes();
    report.expectNoMessage(Duration.ofMillis(500));
    assertTrue(held <= WINDOW + READ_BUFFER, "held " + held + " > window + one read");
    TestProbe<IoctlCompleted<Long>> io = testKit.createTestProbe();
    a.socket().tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, io.ref()));
    assertTrue(io.receiveMessage(T).output() <= READ_BUFFER);
    assertTrue(written.get() < TOTAL, "TCP pushed back: the sender could not write everything");
    assertTrue(!writer.isDone());

    h.tell(new Resume());
    Done done = report.expectMessageClass(Done.class, Duration.ofSeconds(90));
    writer.get(10, TimeUnit.SECONDS);
    assertEquals(TOTAL, done.bytes());
    assertArrayEquals(sentSha.digest(), done.sha256());
    peer.close();
    ListenSocketTest.closeWith(testKit, a.socket());
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  @Test
  void sendIntoAStalledPeerHitsTheSendQueueBound() throws Exception {
    WskFixture f = new WskFixture(testKit, "sendq");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    WskFixture.Pair pair = f.connectedPair(l, ch.ref(), sh.ref());
    // Nobody receives on the server side: the client's sends fill kernel buffers, then its queue.
    TestProbe<org.wskactors.protocol.SendCompleted> sent = testKit.createTestProbe();
    ByteString chunk = ByteString.fromArray(new byte[1 << 20]);
    long limit = WskSettings.create(testKit.system()).sendQueueLimit();
    int sends = (int) (limit / chunk.size()) * 4 + 64;
    for (int i = 0; i < sends; i++)
      pair.client().tell(new org.wskactors.protocol.Send(chunk, sent.ref()));
    boolean sawBound = false;
    for (int i = 0; i < sends && !sawBound; i++) {
      WskStatus st = sent.receiveMessage(T).status();
      sawBound = st == WskStatus.STATUS_INSUFFICIENT_RESOURCES;
      if (!sawBound) assertEquals(WskStatus.STATUS_SUCCESS, st);
    }
    assertTrue(sawBound, "a send past the queue bound is refused with a status");
    ListenSocketTest.closeWith(testKit, pair.client());
    ListenSocketTest.closeWith(testKit, pair.server());
    ListenSocketTest.closeWith(testKit, l.socket());
  }
}
