package org.wskactors.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendBacklogEvent;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;
import org.wskactors.runtime.internal.RecordingTransport.Abort;
import org.wskactors.runtime.internal.RecordingTransport.ConfirmedClose;
import org.wskactors.runtime.internal.RecordingTransport.DirectWrite;
import org.wskactors.runtime.internal.RecordingTransport.Register;
import org.wskactors.runtime.internal.RecordingTransport.ResumeReading;
import org.wskactors.runtime.internal.RecordingTransport.Write;

/**
 * Behaviour of the connection socket actor over a recording fake transport: no sockets. The test
 * plays Pekko IO's part by sending the socket its {@code Tcp} events directly.
 *
 * <p>Every reply and every handler event of one socket goes to one probe, {@code p}, so their order
 * is checked exactly. {@link Conn#sync()} is a round trip (a receive-backlog IOCTL) whose reply
 * must be the next message on {@code p}: it proves that nothing else was sent before it, and that
 * every transport call made so far is recorded. No test sleeps; every wait is bounded.
 */
@ExtendWith(LogCapturingExtension.class)
class ConnectionSocketBehaviorTest {
  static final ActorTestKit testKit = ActorTestKit.create("ConnectionSocketBehaviorTest");
  static final Duration T = Duration.ofSeconds(5);

  static final int WINDOW = 4096;
  static final int QUEUE_LIMIT = 4096;
  static final int MAX_WRITE = 1024;
  static final WskSettings SETTINGS =
      WskSettings.create(
          ConfigFactory.parseString(
                  "wsk-actors.connection.receive-window = 4 KiB\n"
                      + "wsk-actors.connection.send-queue-limit = 4 KiB\n"
                      + "wsk-actors.connection.max-write-size = 1 KiB\n")
              .withFallback(ConfigFactory.load()));

  static final InetSocketAddress LOCAL =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
  static final InetSocketAddress REMOTE =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 40007);

  static final ByteString EMPTY = ByteString.emptyByteString();

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  // ---- fixture -------------------------------------------------------------------------------

  /** A connected socket over a fresh fake transport; {@code p} is its handler and reply target. */
  static final class Conn {
    final RecordingTransport transport = new RecordingTransport(testKit, T);
    final TestProbe<Object> p = testKit.createTestProbe();
    final ActorRef<Object> socket;

    Conn() {
      this(null);
    }

    Conn(ActorRef<ConnectionSocket.Event> handler) {
      socket =
          testKit.spawn(
              ConnectionSocketActor.overTransport(
                  SETTINGS,
                  AddressFamily.INET,
                  transport,
                  LOCAL,
                  REMOTE,
                  handler != null ? handler : p.ref().narrow()));
      // A connected socket registers with the transport and asks for the first read.
      transport.expect(Register.class);
      transport.expect(ResumeReading.class);
    }

    /** The probe as a reply target of any type. */
    <T> ActorRef<T> reply() {
      return p.ref().narrow();
    }

    void tell(Object m) {
      socket.tell(m);
    }

    void send(ByteString data) {
      tell(new Send(data, reply()));
    }

    void receive(int maxBytes) {
      tell(new Receive(maxBytes, reply()));
    }

    void receive(int maxBytes, int flags) {
      tell(new Receive(maxBytes, flags, null, reply()));
    }

    void received(ByteString data) {
      tell(new Tcp.Received(data));
    }

    void ack(Write w) {
      assertSame(ConnectionSocketActor.WriteAck.INSTANCE, w.ack());
      tell(w.ack());
    }

    <M> M next(Class<M> type) {
      return assertInstanceOf(type, p.receiveMessage(T));
    }

    void expectSent(WskStatus status, long bytes) {
      assertEquals(new SendCompleted(status, bytes), p.receiveMessage(T));
    }

    void expectReceived(WskStatus status, ByteString data) {
      ReceiveCompleted r = next(ReceiveCompleted.class);
      assertEquals(status, r.status());
      assertEquals(data, r.data());
    }

    void expectReceived(ByteString data) {
      expectReceived(WskStatus.STATUS_SUCCESS, data);
    }

    /** Delivers {@code data} as a transport read and expects it as one receive event. */
    ReceiveEvent expectReceiveEventAfter(ByteString data) {
      received(data);
      return expectReceiveEvent(data);
    }

    ReceiveEvent expectReceiveEvent(ByteString data) {
      ReceiveEvent e = next(ReceiveEvent.class);
      assertEquals(data, e.data());
      assertEquals(socket, e.socket());
      return e;
    }

    void setOption(EventCallbackControl c, WskStatus expected) {
      tell(new SetOption<>(SocketOption.SO_WSK_EVENT_CALLBACK, c, reply()));
      assertEquals(
          new OptionSet(expected, SocketOption.SO_WSK_EVENT_CALLBACK), p.receiveMessage(T));
    }

    void enable(WskEvent first, WskEvent... more) {
      setOption(EventCallbackControl.enable(first, more), WskStatus.STATUS_SUCCESS);
    }

    /** Round trip; the reply must be the next message. Returns the receive backlog. */
    long sync() {
      tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, reply()));
      IoctlCompleted<?> r =
          assertInstanceOf(
              IoctlCompleted.class, p.receiveMessage(T), "unexpected message before the sync");
      assertEquals(WskStatus.STATUS_SUCCESS, r.status());
      return (Long) r.output();
    }

    /** The transport's actor stops: the pending close completes, then the socket stops. */
    void transportEndsAndCloseCompletes() {
      transport.stopLifecycle();
      assertEquals(new CloseCompleted(WskStatus.STATUS_SUCCESS), p.receiveMessage(T));
      p.expectTerminated(socket, T);
    }

    /** Nothing sent to the probe and no transport call since the last expectation. */
    void quiet() {
      sync();
      transport.expectNoCall();
    }
  }

  static ByteString bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (seed + i * 7);
    return ByteString.fromArray(b);
  }

  static ByteString s(String text) {
    return ByteString.fromString(text);
  }

  // ---- send path -----------------------------------------------------------------------------

  @Test
  void sendsWhileAWriteIsInFlightAreCoalescedIntoOneWrite() {
    Conn c = new Conn();
    ByteString a = s("aaaa"), b = s("bb"), cc = s("ccc"), d = s("d");
    c.send(a);
    Write w1 = c.transport.expectWrite();
    assertEquals(a, w1.data());

    c.send(b);
    c.send(cc);
    c.send(d);
    c.quiet(); // no new write and no completion while A is in flight

    c.ack(w1);
    c.expectSent(WskStatus.STATUS_SUCCESS, 4);
    Write w2 = c.transport.expectWrite();
    assertEquals(b.concat(cc).concat(d), w2.data());
    c.quiet(); // exactly one write for B, C, D; none of them completed yet

    c.ack(w2);
    c.expectSent(WskStatus.STATUS_SUCCESS, 2);
    c.expectSent(WskStatus.STATUS_SUCCESS, 3);
    c.expectSent(WskStatus.STATUS_SUCCESS, 1);
    c.quiet();
  }

  @Test
  void directWritesCompleteSendsAtOnceAndARemainderGoesThroughTheTransportInOrder() {
    Conn c = new Conn();
    c.transport.kernelTakes(Integer.MAX_VALUE);
    ByteString a = s("aaaa");
    c.send(a);
    DirectWrite d1 = c.transport.expect(DirectWrite.class);
    assertEquals(a, d1.data());
    c.expectSent(WskStatus.STATUS_SUCCESS, 4); // taken whole: no transport write, no ack needed
    c.quiet();

    c.transport.kernelTakes(2); // the kernel's send buffer has room for 2 bytes only
    ByteString hello = s("hello");
    c.send(hello);
    DirectWrite d2 = c.transport.expect(DirectWrite.class);
    assertEquals(hello, d2.data());
    assertEquals(2, d2.taken());
    Write rest = c.transport.expectWrite();
    assertEquals(s("llo"), rest.data());
    c.send(s("xy")); // queued behind the in-flight remainder: no direct write may overtake it
    c.quiet();

    c.transport.kernelTakes(Integer.MAX_VALUE);
    c.ack(rest);
    c.expectSent(WskStatus.STATUS_SUCCESS, 5);
    DirectWrite d3 = c.transport.expect(DirectWrite.class);
    assertEquals(s("xy"), d3.data());
    c.expectSent(WskStatus.STATUS_SUCCESS, 2);
    c.quiet();
  }

  @Test
  void maxWriteSizeSplitsBatchesButASingleLargerSendGoesWhole() {
    Conn c = new Conn();
    ByteString a = bytes(10, 1), b = bytes(600, 2), cc = bytes(600, 3), d = bytes(300, 4);
    ByteString big = bytes(2000, 5);
    c.send(a);
    Write w = c.transport.expectWrite();
    assertEquals(a, w.data());
    c.send(b);
    c.send(cc);
    c.send(d);
    c.send(big);
    c.quiet();

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 10);
    w = c.transport.expectWrite();
    assertEquals(b, w.data()); // B + C = 1200 > 1024
    c.quiet();

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 600);
    w = c.transport.expectWrite();
    assertEquals(cc.concat(d), w.data()); // 900 fits; the 2000-byte send does not
    c.quiet();

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 600);
    c.expectSent(WskStatus.STATUS_SUCCESS, 300);
    w = c.transport.expectWrite();
    assertEquals(big, w.data()); // larger than max-write-size, written whole
    assertTrue(w.data().size() > MAX_WRITE);
    c.quiet();

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 2000);
    c.quiet();
  }

  @Test
  void aSendPastTheQueueLimitFailsAtOnceWhileEarlierSendsSucceed() {
    long rejectedBefore = WskMetrics.get(testKit.system()).snapshot().sendQueueRejections();
    Conn c = new Conn();
    c.send(bytes(3000, 1));
    Write w = c.transport.expectWrite();
    c.send(bytes(1000, 2)); // 4000 queued: within the 4096 limit
    c.send(bytes(200, 3)); // 4200: over the limit
    c.expectSent(WskStatus.STATUS_INSUFFICIENT_RESOURCES, 0); // before any ack
    c.quiet();
    assertEquals(
        rejectedBefore + 1, WskMetrics.get(testKit.system()).snapshot().sendQueueRejections());

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 3000);
    w = c.transport.expectWrite();
    assertEquals(bytes(1000, 2), w.data());
    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 1000);
    c.quiet();

    // With the queue empty again the same send is taken.
    c.send(bytes(200, 3));
    w = c.transport.expectWrite();
    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 200);
    c.quiet();
  }

  @Test
  void aSendIntoAnEmptyQueueIsTakenEvenWhenLargerThanTheLimit() {
    Conn c = new Conn();
    ByteString huge = bytes(QUEUE_LIMIT + 2000, 9);
    c.send(huge);
    Write w = c.transport.expectWrite();
    assertEquals(huge, w.data());
    c.send(s("x")); // the queue is not empty now, and already past the limit
    c.expectSent(WskStatus.STATUS_INSUFFICIENT_RESOURCES, 0);
    c.quiet();
    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, huge.size());
    c.quiet();
  }

  @Test
  void badSendsAreRejectedWithoutAWrite() {
    Conn c = new Conn();
    c.tell(new Send(s("x"), 0x1, c.reply()));
    c.expectSent(WskStatus.STATUS_NOT_SUPPORTED, 0);
    c.tell(new Send(s("x"), 0x4, c.reply()));
    c.expectSent(WskStatus.STATUS_NOT_SUPPORTED, 0);
    c.tell(new Send(null, WskFlags.NONE, c.reply()));
    c.expectSent(WskStatus.STATUS_INVALID_PARAMETER, 0);
    c.quiet();

    // WSK_FLAG_NODELAY is a known send flag.
    c.tell(new Send(s("now"), WskFlags.WSK_FLAG_NODELAY, c.reply()));
    c.ack(c.transport.expectWrite());
    c.expectSent(WskStatus.STATUS_SUCCESS, 3);

    c.tell(new Disconnect(null, 0, c.reply()));
    c.transport.expect(ConfirmedClose.class);
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.send(s("late"));
    c.expectSent(WskStatus.STATUS_INVALID_DEVICE_STATE, 0);
    c.quiet();
  }

  // ---- receive window ------------------------------------------------------------------------

  @Test
  void readsAreRequestedOnlyWhileTheWindowHasRoom() {
    long stallsBefore = WskMetrics.get(testKit.system()).snapshot().receiveWindowStalls();
    Conn c = new Conn(); // one resumeReading at start, checked by the fixture
    c.quiet();

    c.received(bytes(1000, 1));
    c.transport.expect(ResumeReading.class); // 1000 < 4096
    c.quiet();

    c.received(bytes(WINDOW - 1000, 2));
    assertEquals(WINDOW, c.sync()); // buffered = window
    c.transport.expectNoCall(); // full: no read asked
    assertEquals(
        stallsBefore + 1, WskMetrics.get(testKit.system()).snapshot().receiveWindowStalls());

    c.receive(1000);
    c.expectReceived(bytes(1000, 1));
    c.transport.expect(ResumeReading.class); // room again
    assertEquals(WINDOW - 1000, c.sync());
    c.transport.expectNoCall();
  }

  // ---- answers sent from the event reply -----------------------------------------------------

  @Test
  void retainedUntilSentSendsTheAnswerAndReleasesTheIndicationWhenItCompletes() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ReceiveEvent e1 = c.expectReceiveEventAfter(bytes(3000, 1));
    c.transport.expect(ResumeReading.class); // 3000 < 4096
    e1.replyTo()
        .tell(
            ReceiveEventResponse.retainedUntilSent(new Send(e1.data(), c.<SendCompleted>reply())));
    Write w = c.transport.expectWrite();
    assertEquals(e1.data(), w.data());

    c.received(bytes(WINDOW - 3000, 2));
    ReceiveEvent e2 = c.expectReceiveEvent(bytes(WINDOW - 3000, 2));
    c.quiet(); // 3000 retained until sent + the rest indicated = the window: no read

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 3000);
    c.transport.expect(ResumeReading.class); // released with the send: room again
    e2.replyTo().tell(ReceiveEventResponse.consumed());
    c.quiet();
  }

  /**
   * Fills the window with one indication and answers it with {@code answer(data)}: the send is
   * refused (its reply checked by {@code refused}), so the indication must be released at once and
   * reading resume, with no write.
   */
  static void refusedAnswerReleasesTheWindow(
      java.util.function.BiFunction<ByteString, ActorRef<SendCompleted>, Send> answer,
      java.util.function.Consumer<Conn> refused) {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ReceiveEvent e = c.expectReceiveEventAfter(bytes(WINDOW, 1));
    c.quiet(); // the window is full
    e.replyTo().tell(ReceiveEventResponse.retainedUntilSent(answer.apply(e.data(), c.reply())));
    refused.accept(c);
    c.transport.expect(ResumeReading.class); // no write, and the window has room again
    c.quiet();
  }

  @Test
  void aRefusedAnswerIsReportedAndItsIndicationReleasedAtOnce() {
    refusedAnswerReleasesTheWindow(
        (data, replyTo) -> new Send(data, 0x4000, replyTo), // an unknown flag
        c -> c.expectSent(WskStatus.STATUS_NOT_SUPPORTED, 0));
  }

  @Test
  void anAnswerWithoutReplyToIsDroppedAndItsIndicationReleased() {
    refusedAnswerReleasesTheWindow((data, replyTo) -> new Send(data, null), c -> {});
  }

  @Test
  void datagramAnswersInAConnectionSocketsReplyFailAndTheBytesCountAsConsumed() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ReceiveEvent e = c.expectReceiveEventAfter(bytes(WINDOW, 1));
    c.quiet(); // the window is full
    e.replyTo()
        .tell(
            ReceiveEventResponse.retainedUntilSentTo(
                List.of(new SendTo(e.data(), REMOTE, WskFlags.NONE, c.<SendToCompleted>reply()))));
    assertEquals(new SendToCompleted(WskStatus.STATUS_NOT_SUPPORTED, 0), c.p.receiveMessage(T));
    c.transport.expect(ResumeReading.class); // consumed: the window has room again
    c.quiet();
  }

  @Test
  void anAnswerInAReplyToNoOutstandingEventIsRefusedNotLost() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ReceiveEvent e = c.expectReceiveEventAfter(s("once"));
    c.transport.expect(ResumeReading.class);
    e.replyTo().tell(ReceiveEventResponse.consumed());
    e.replyTo() // a second reply to the same event
        .tell(
            ReceiveEventResponse.retainedUntilSent(new Send(s("late"), c.<SendCompleted>reply())));
    c.expectSent(WskStatus.STATUS_INVALID_PARAMETER, 0);
    c.quiet(); // nothing written
  }

  @Test
  void answersStillQueuedWhenTheConnectionResetsCompleteWithTheReset() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ReceiveEvent e = c.expectReceiveEventAfter(bytes(1000, 1));
    c.transport.expect(ResumeReading.class);
    e.replyTo()
        .tell(ReceiveEventResponse.retainedUntilSent(new Send(e.data(), c.<SendCompleted>reply())));
    c.transport.expectWrite();
    c.tell(new Tcp.ErrorClosed("Connection reset by peer"));
    c.expectSent(WskStatus.STATUS_CONNECTION_RESET, 0);
    assertEquals(0, c.sync());
  }

  // ---- posted receives -----------------------------------------------------------------------

  @Test
  void receiveWithoutFlagsCompletesWithWhatIsThereUpToMaxBytes() {
    Conn c = new Conn();
    c.receive(100);
    c.quiet(); // pending: nothing buffered
    c.received(s("hello"));
    c.expectReceived(s("hello"));

    ByteString data = bytes(300, 4);
    c.received(data);
    assertEquals(300, c.sync());
    c.receive(100);
    c.expectReceived(data.take(100));
    assertEquals(200, c.sync());
    c.receive(1000);
    c.expectReceived(data.drop(100));
    assertEquals(0, c.sync());
  }

  @Test
  void waitAllReceiveWaitsForMaxBytes() {
    Conn c = new Conn();
    c.receive(10, WskFlags.WSK_FLAG_WAITALL);
    c.received(s("abcd"));
    assertEquals(4, c.sync()); // not completed with 4 of 10
    c.received(s("efghijkl"));
    c.expectReceived(s("abcdefghij"));
    assertEquals(2, c.sync());
    c.receive(100);
    c.expectReceived(s("kl"));
  }

  @Test
  void waitAllReceiveLargerThanTheWindowStillCompletes() {
    Conn c = new Conn();
    c.receive(WINDOW + 2000, WskFlags.WSK_FLAG_WAITALL);
    c.received(bytes(WINDOW, 1));
    // The window is full, but the posted receive needs more: reading must go on, else it hangs.
    c.transport.expect(ResumeReading.class);
    c.received(bytes(2000, 2));
    c.expectReceived(bytes(WINDOW, 1).concat(bytes(2000, 2)));
    c.transport.expect(ResumeReading.class);
    assertEquals(0, c.sync());
    c.transport.expectNoCall();
  }

  @Test
  void drainDiscardsDataAndCompletesEmptyOnPeerClose() {
    Conn c = new Conn();
    c.received(s("old"));
    c.transport.expect(ResumeReading.class);
    c.receive(0, WskFlags.WSK_FLAG_DRAIN);
    assertEquals(0, c.sync()); // buffered data discarded, receive still pending
    c.received(bytes(3000, 1));
    assertEquals(0, c.sync()); // discarded too
    c.transport.expect(ResumeReading.class); // and reading goes on
    c.tell(Tcp.PeerClosed$.MODULE$);
    c.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
    c.quiet();
  }

  @Test
  void invalidReceivesAreRejected() {
    Conn c = new Conn();
    c.receive(0, WskFlags.WSK_FLAG_WAITALL | WskFlags.WSK_FLAG_DRAIN);
    c.expectReceived(WskStatus.STATUS_INVALID_PARAMETER, EMPTY);
    c.receive(10, WskFlags.WSK_FLAG_DRAIN);
    c.expectReceived(WskStatus.STATUS_INVALID_PARAMETER, EMPTY);
    c.receive(-1, WskFlags.NONE);
    c.expectReceived(WskStatus.STATUS_INVALID_PARAMETER, EMPTY);
    c.tell(new Receive(10, WskFlags.NONE, Duration.ZERO, c.reply()));
    c.expectReceived(WskStatus.STATUS_INVALID_PARAMETER, EMPTY);
    c.receive(10, 0x8);
    c.expectReceived(WskStatus.STATUS_NOT_SUPPORTED, EMPTY);
    c.quiet();

    // None of them was queued: the next data goes to a valid receive.
    c.receive(10);
    c.received(s("ok"));
    c.expectReceived(s("ok"));
  }

  @Test
  void peerCloseCompletesReceivesWithZeroBytesAfterBufferedData() {
    Conn c = new Conn();
    c.received(s("abc"));
    c.transport.expect(ResumeReading.class);
    c.tell(Tcp.PeerClosed$.MODULE$);
    c.receive(100);
    c.expectReceived(s("abc"));
    c.receive(100);
    c.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
    c.receive(100);
    c.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
    c.quiet(); // no read after the peer's FIN

    // A receive pending when the FIN arrives completes with 0 bytes too.
    Conn c2 = new Conn();
    c2.receive(100);
    c2.quiet();
    c2.tell(Tcp.PeerClosed$.MODULE$);
    c2.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
  }

  @Test
  void receiveTimesOutWithIoTimeoutAndKeepsTheData() {
    Conn c = new Conn();
    c.tell(new Receive(10, WskFlags.NONE, Duration.ofMillis(100), c.reply()));
    c.expectReceived(WskStatus.STATUS_IO_TIMEOUT, EMPTY);
    c.received(s("late"));
    assertEquals(4, c.sync()); // not given to the timed-out receive

    c.tell(new Receive(10, WskFlags.WSK_FLAG_WAITALL, Duration.ofMillis(100), c.reply()));
    c.expectReceived(WskStatus.STATUS_IO_TIMEOUT, EMPTY);
    assertEquals(4, c.sync()); // the partial data stays buffered
    c.receive(10);
    c.expectReceived(s("late"));
  }

  // ---- receive events ------------------------------------------------------------------------

  @Test
  void receiveEventCarriesTheBytesAndConsumedFreesTheWindow() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    ByteString data = bytes(WINDOW, 3);
    c.received(data);
    ReceiveEvent e = c.expectReceiveEvent(data);
    assertEquals(0, c.sync()); // indicated, not buffered
    c.transport.expectNoCall(); // indicated bytes fill the window

    e.replyTo().tell(ReceiveEventResponse.consumed());
    c.transport.expect(ResumeReading.class);
    c.quiet();
  }

  @Test
  void receiveEventsAreSerialAndLaterDataIsCoalescedIntoTheNextEvent() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.received(s("a"));
    ReceiveEvent e1 = c.expectReceiveEvent(s("a"));
    c.received(s("b"));
    c.received(s("c"));
    assertEquals(2, c.sync()); // no second event while the first is unanswered

    e1.replyTo().tell(ReceiveEventResponse.consumed());
    ReceiveEvent e2 = c.expectReceiveEvent(s("bc"));
    assertNotEquals(e1.indicationId(), e2.indicationId());
    e2.replyTo().tell(ReceiveEventResponse.consumed());
    assertEquals(0, c.sync());
  }

  @Test
  void partialConsumePausesEventsUntilAReceiveIsPosted() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.received(s("hello world"));
    ReceiveEvent e = c.expectReceiveEvent(s("hello world"));
    e.replyTo().tell(ReceiveEventResponse.consumed(5));
    assertEquals(6, c.sync()); // " world" is buffered again, no event
    c.received(s("!"));
    assertEquals(7, c.sync()); // events paused

    c.receive(100);
    c.expectReceived(s(" world!"));
    c.sync(); // served, nothing left to indicate

    c.received(s("x"));
    e = c.expectReceiveEvent(s("x")); // events resumed
    // A zero-length receive is enough to re-arm.
    e.replyTo().tell(ReceiveEventResponse.consumed(0));
    assertEquals(1, c.sync());
    c.receive(0);
    c.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
    e = c.expectReceiveEvent(s("x"));
    e.replyTo().tell(ReceiveEventResponse.consumed());
    assertEquals(0, c.sync());
  }

  @Test
  void retainedIndicationsCountAgainstTheWindowUntilReleased() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.received(bytes(3000, 1));
    ReceiveEvent e1 = c.expectReceiveEvent(bytes(3000, 1));
    e1.replyTo().tell(ReceiveEventResponse.retained());
    c.sync();
    c.transport.clear();

    c.received(bytes(WINDOW - 3000, 2));
    ReceiveEvent e2 = c.expectReceiveEvent(bytes(WINDOW - 3000, 2)); // events go on
    e2.replyTo().tell(ReceiveEventResponse.retained());
    c.quiet(); // 4096 retained: no read

    c.tell(new Release(e1.indicationId(), c.reply()));
    assertEquals(
        new ReleaseCompleted(WskStatus.STATUS_SUCCESS, e1.indicationId()), c.p.receiveMessage(T));
    c.transport.expect(ResumeReading.class);

    c.tell(new Release(e1.indicationId(), c.reply()));
    assertEquals(
        new ReleaseCompleted(WskStatus.STATUS_INVALID_PARAMETER, e1.indicationId()),
        c.p.receiveMessage(T));
    c.tell(new Release(424242, c.reply()));
    assertEquals(
        new ReleaseCompleted(WskStatus.STATUS_INVALID_PARAMETER, 424242), c.p.receiveMessage(T));
    c.tell(new Release(e2.indicationId(), c.reply()));
    assertEquals(
        new ReleaseCompleted(WskStatus.STATUS_SUCCESS, e2.indicationId()), c.p.receiveMessage(T));
    c.quiet(); // a read is already outstanding
  }

  @Test
  void aPostedReceiveReadsEvenWhenRetainedIndicationsFillTheWindow() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.received(bytes(WINDOW, 1));
    ReceiveEvent e = c.expectReceiveEvent(bytes(WINDOW, 1));
    e.replyTo().tell(ReceiveEventResponse.retained());
    c.quiet();

    // The posted receive brings its own buffer; without a read it would wait for the Release.
    c.receive(100);
    c.transport.expect(ResumeReading.class);
    c.received(s("x"));
    c.expectReceived(s("x"));
    c.quiet(); // served: retained bytes still fill the window
  }

  @Test
  void notAcceptedPausesEventsAndAPostedReceiveGetsTheSameBytes() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.received(s("abc"));
    ReceiveEvent e = c.expectReceiveEvent(s("abc"));
    e.replyTo().tell(ReceiveEventResponse.notAccepted());
    assertEquals(3, c.sync());
    c.received(s("def"));
    assertEquals(6, c.sync()); // paused

    c.receive(100);
    c.expectReceived(s("abcdef"));
    c.received(s("g"));
    c.expectReceiveEvent(s("g")); // re-armed by the receive
  }

  @Test
  void aPostedReceiveIsServedBeforeTheEvent() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE);
    c.receive(100);
    c.received(s("xyz"));
    c.expectReceived(s("xyz"));
    assertEquals(0, c.sync()); // no event for the same bytes
    c.received(s("w"));
    c.expectReceiveEvent(s("w"));
  }

  @Test
  void eventsAreDisabledOneAtATime() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE, WskEvent.DISCONNECT);
    c.setOption(
        new EventCallbackControl(Set.of(WskEvent.RECEIVE, WskEvent.DISCONNECT), true),
        WskStatus.STATUS_INVALID_PARAMETER);
    c.setOption(EventCallbackControl.enable(WskEvent.ACCEPT), WskStatus.STATUS_INVALID_PARAMETER);

    c.received(s("a"));
    c.expectReceiveEvent(s("a")).replyTo().tell(ReceiveEventResponse.consumed()); // still on

    c.setOption(EventCallbackControl.disable(WskEvent.RECEIVE), WskStatus.STATUS_SUCCESS);
    c.received(s("b"));
    assertEquals(1, c.sync()); // no event
    c.receive(10);
    c.expectReceived(s("b"));

    c.tell(Tcp.PeerClosed$.MODULE$);
    assertFalse(c.next(DisconnectEvent.class).abortive()); // DISCONNECT stayed enabled
  }

  // ---- disconnect events ---------------------------------------------------------------------

  @Test
  void gracefulDisconnectEventComesAfterBufferedDataWasIndicated() {
    Conn c = new Conn();
    c.enable(WskEvent.RECEIVE, WskEvent.DISCONNECT);
    c.received(s("a"));
    ReceiveEvent e1 = c.expectReceiveEvent(s("a"));
    c.received(s("b"));
    c.tell(Tcp.PeerClosed$.MODULE$);
    assertEquals(1, c.sync()); // "b" not indicated yet: no disconnect event

    e1.replyTo().tell(ReceiveEventResponse.consumed());
    c.expectReceiveEvent(s("b")).replyTo().tell(ReceiveEventResponse.consumed());
    DisconnectEvent d = c.next(DisconnectEvent.class);
    assertEquals(c.socket, d.socket());
    assertFalse(d.abortive());
    c.transport.expect(ResumeReading.class); // after "a"
    c.transport.expect(ResumeReading.class); // after "b"; none after the FIN
    c.quiet(); // the disconnect is indicated once

    // Half-open: sending still works after the peer's FIN.
    c.send(s("bye"));
    c.ack(c.transport.expectWrite());
    c.expectSent(WskStatus.STATUS_SUCCESS, 3);
  }

  @Test
  void errorClosedIndicatesAbortiveDisconnectAndResetsPendingOperations() {
    Conn c = new Conn();
    c.enable(WskEvent.DISCONNECT);
    c.send(s("A"));
    c.transport.expectWrite(); // in flight, never acked
    c.send(s("B"));
    c.receive(100);
    c.quiet();

    c.tell(new Tcp.ErrorClosed("Connection reset by peer"));
    c.expectSent(WskStatus.STATUS_CONNECTION_RESET, 0);
    c.expectSent(WskStatus.STATUS_CONNECTION_RESET, 0);
    c.expectReceived(WskStatus.STATUS_CONNECTION_RESET, EMPTY);
    assertTrue(c.next(DisconnectEvent.class).abortive());
    c.send(s("C"));
    c.expectSent(WskStatus.STATUS_CONNECTION_RESET, 0);
    c.quiet();

    // Close waits for the transport's end; no abort is sent to a dead transport.
    c.tell(new CloseSocket(c.reply()));
    c.quiet();
    c.transportEndsAndCloseCompletes();
  }

  // ---- Disconnect requests -------------------------------------------------------------------

  @Test
  void gracefulDisconnectWritesFinalDataAfterQueuedSendsThenCloses() {
    Conn c = new Conn();
    c.send(s("A"));
    Write w = c.transport.expectWrite();
    c.send(s("B"));
    c.tell(new Disconnect(s("FIN"), 0, c.reply()));
    c.quiet(); // nothing written, no FIN, no completion while A is in flight

    c.tell(new Disconnect(null, 0, c.reply())); // a second graceful disconnect
    assertEquals(
        new DisconnectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE), c.p.receiveMessage(T));

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 1);
    w = c.transport.expectWrite();
    assertEquals(s("BFIN"), w.data()); // final data after the queued send
    c.quiet(); // FIN only after the write is taken

    c.ack(w);
    c.expectSent(WskStatus.STATUS_SUCCESS, 1);
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.transport.expect(ConfirmedClose.class); // recorded before the completion was sent
    c.quiet();

    c.tell(new Disconnect(null, 0, c.reply()));
    assertEquals(
        new DisconnectCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE), c.p.receiveMessage(T));

    // The receive side stays open until the peer closes.
    c.received(s("x"));
    c.receive(10);
    c.expectReceived(s("x"));
    c.tell(Tcp.ConfirmedClosed$.MODULE$);
    c.receive(10);
    c.expectReceived(WskStatus.STATUS_SUCCESS, EMPTY);
  }

  @Test
  void abortiveDisconnectCancelsSendsAndCompletesOnAborted() {
    Conn c = new Conn();
    c.enable(WskEvent.DISCONNECT);
    c.send(s("A"));
    c.transport.expectWrite();
    c.send(s("B"));

    c.tell(new Disconnect(s("data"), WskFlags.WSK_FLAG_ABORTIVE, c.reply()));
    assertEquals(
        new DisconnectCompleted(WskStatus.STATUS_INVALID_PARAMETER), c.p.receiveMessage(T));
    c.quiet(); // no abort for the rejected request

    c.receive(100);
    c.tell(new Disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, c.reply()));
    c.expectSent(WskStatus.STATUS_CANCELLED, 0);
    c.expectSent(WskStatus.STATUS_CANCELLED, 0);
    c.expectReceived(WskStatus.STATUS_CONNECTION_ABORTED, EMPTY);
    c.transport.expect(Abort.class);
    c.quiet(); // no DisconnectCompleted before Aborted, no DisconnectEvent for a local abort

    c.tell(Tcp.Aborted$.MODULE$);
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.send(s("C"));
    c.expectSent(WskStatus.STATUS_CONNECTION_ABORTED, 0);
    c.quiet();
  }

  @Test
  void abortiveDisconnectCompletesWhenTheTransportReportsAnErrorInstead() {
    // Pekko IO may lose the race: the connection fails and stops before it sees the Abort.
    Conn c = new Conn();
    c.tell(new Disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, c.reply()));
    c.transport.expect(Abort.class);
    c.tell(new Tcp.ErrorClosed("Connection reset by peer"));
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.quiet();
  }

  @Test
  void abortiveDisconnectCompletesWhenTheTransportActorStopsFirst() {
    // Terminated is a system message and can overtake the Aborted event.
    Conn c = new Conn();
    c.tell(new Disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, c.reply()));
    c.transport.expect(Abort.class);
    c.transport.stopLifecycle();
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.tell(Tcp.Aborted$.MODULE$); // the late event changes nothing
    c.quiet();
  }

  // ---- close ---------------------------------------------------------------------------------

  @Test
  void closeSocketCancelsPendingAndCompletesWhenTheTransportEnds() {
    Conn c = new Conn();
    c.receive(100);
    c.send(s("A"));
    c.transport.expectWrite();
    c.send(s("B"));
    c.quiet();

    c.tell(new CloseSocket(c.reply()));
    c.expectSent(WskStatus.STATUS_CANCELLED, 0);
    c.expectSent(WskStatus.STATUS_CANCELLED, 0);
    c.expectReceived(WskStatus.STATUS_CANCELLED, EMPTY);
    c.transport.expect(Abort.class);
    c.send(s("late"));
    c.expectSent(WskStatus.STATUS_CANCELLED, 0);
    c.tell(Tcp.Aborted$.MODULE$);
    c.quiet(); // no CloseCompleted while the transport lives

    c.transportEndsAndCloseCompletes();
    c.transport.expectNoCall();
  }

  @Test
  void closeAfterAGracefulShutdownBothWaysLetsTheTransportFinishWithoutAReset() {
    Conn c = new Conn();
    c.enable(WskEvent.DISCONNECT);
    c.tell(Tcp.PeerClosed$.MODULE$);
    assertFalse(c.next(DisconnectEvent.class).abortive());
    c.tell(new Disconnect(null, 0, c.reply()));
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.transport.expect(ConfirmedClose.class);

    c.tell(new CloseSocket(c.reply()));
    c.quiet(); // no Abort after the FIN: the transport is closing gracefully; no completion yet
    c.tell(Tcp.ConfirmedClosed$.MODULE$);
    c.transportEndsAndCloseCompletes();
    c.transport.expectNoCall();
  }

  @Test
  void closeAfterOnlyOurFinStillResetsTheConnection() {
    Conn c = new Conn();
    c.tell(new Disconnect(null, 0, c.reply()));
    assertEquals(new DisconnectCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.transport.expect(ConfirmedClose.class);

    // The peer has not closed: the connection is not shut down both ways, so close resets it.
    c.tell(new CloseSocket(c.reply()));
    c.transport.expect(Abort.class);
    c.tell(Tcp.Aborted$.MODULE$);
    c.transportEndsAndCloseCompletes();
  }

  @Test
  void stoppingTheHandlerClosesTheSocket() {
    ActorRef<ConnectionSocket.Event> handler =
        testKit.spawn(Behaviors.<ConnectionSocket.Event>ignore());
    Conn c = new Conn(handler);
    testKit.stop(handler, T);
    c.transport.expect(Abort.class);
    c.quiet(); // still alive, waiting for the transport's end
    c.transport.stopLifecycle();
    c.p.expectTerminated(c.socket, T);
  }

  @Test
  void transportActorDeathFailsPendingOperations() {
    Conn c = new Conn();
    c.enable(WskEvent.DISCONNECT);
    c.send(s("A"));
    c.transport.expectWrite();
    c.receive(100);
    c.quiet();

    c.transport.stopLifecycle();
    c.expectSent(WskStatus.STATUS_CONNECTION_ABORTED, 0);
    c.expectReceived(WskStatus.STATUS_CONNECTION_ABORTED, EMPTY);
    assertTrue(c.next(DisconnectEvent.class).abortive());
    c.quiet();

    // The transport is gone: close completes at once.
    c.tell(new CloseSocket(c.reply()));
    assertEquals(new CloseCompleted(WskStatus.STATUS_SUCCESS), c.p.receiveMessage(T));
    c.p.expectTerminated(c.socket, T);
    c.transport.expectNoCall();
  }

  // ---- IOCTLs and options --------------------------------------------------------------------

  @Test
  void ioctlsReportReceiveBacklogAndIdealSendBacklog() {
    Conn c = new Conn();
    assertEquals(0, c.sync());
    c.received(bytes(123, 1));
    assertEquals(123, c.sync());
    c.receive(23);
    c.expectReceived(bytes(123, 1).take(23));
    assertEquals(100, c.sync());

    // No Java socket behind the fake: the ideal send backlog falls back to max-write-size.
    c.tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, c.reply()));
    assertEquals(
        new IoctlCompleted<>(
            WskStatus.STATUS_SUCCESS, IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, (long) MAX_WRITE),
        c.p.receiveMessage(T));
    // Enabling the send-backlog event reports the same value at once.
    c.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.SEND_BACKLOG),
            c.reply()));
    assertEquals((long) MAX_WRITE, c.next(SendBacklogEvent.class).idealBacklogSize());
    assertEquals(
        new OptionSet(WskStatus.STATUS_SUCCESS, SocketOption.SO_WSK_EVENT_CALLBACK),
        c.p.receiveMessage(T));
  }

  @Test
  void optionsBeforeAndAfterConnect() {
    // Before connect: a new socket, no transport.
    TestProbe<Object> p = testKit.createTestProbe();
    ActorRef<Object> fresh =
        testKit.spawn(
            ConnectionSocketActor.create(
                SETTINGS, AddressFamily.INET, p.ref().narrow(), java.util.Set.of()));
    fresh.tell(new SetOption<>(SocketOption.SO_REUSEADDR, true, p.ref().narrow()));
    assertEquals(
        new OptionSet(WskStatus.STATUS_SUCCESS, SocketOption.SO_REUSEADDR), p.receiveMessage(T));
    fresh.tell(new GetOption<>(SocketOption.SO_REUSEADDR, p.ref().narrow()));
    assertEquals(
        new OptionValue<>(WskStatus.STATUS_SUCCESS, SocketOption.SO_REUSEADDR, true),
        p.receiveMessage(T));
    fresh.tell(new SetOption<>(SocketOption.SO_EXCLUSIVEADDRUSE, true, p.ref().narrow()));
    assertEquals(
        new OptionSet(WskStatus.STATUS_INVALID_PARAMETER, SocketOption.SO_EXCLUSIVEADDRUSE),
        p.receiveMessage(T));
    fresh.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.RECEIVE),
            p.ref().narrow()));
    assertEquals(
        new OptionSet(WskStatus.STATUS_INVALID_DEVICE_STATE, SocketOption.SO_WSK_EVENT_CALLBACK),
        p.receiveMessage(T));
    fresh.tell(Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, p.ref().narrow()));
    assertEquals(
        new IoctlCompleted<>(
            WskStatus.STATUS_INVALID_DEVICE_STATE, IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, null),
        p.receiveMessage(T));
    fresh.tell(new CloseSocket(p.ref().narrow()));
    assertEquals(new CloseCompleted(WskStatus.STATUS_SUCCESS), p.receiveMessage(T));
    p.expectTerminated(fresh, T);

    // After connect.
    Conn c = new Conn();
    c.tell(new SetOption<>(SocketOption.SO_REUSEADDR, true, c.reply()));
    assertEquals(
        new OptionSet(WskStatus.STATUS_INVALID_DEVICE_STATE, SocketOption.SO_REUSEADDR),
        c.p.receiveMessage(T));
    c.tell(new GetOption<>(SocketOption.SO_REUSEADDR, c.reply()));
    assertEquals(
        new OptionValue<>(WskStatus.STATUS_SUCCESS, SocketOption.SO_REUSEADDR, false),
        c.p.receiveMessage(T)); // unchanged default
    c.tell(new GetOption<>(SocketOption.SO_WSK_EVENT_CALLBACK, c.reply()));
    assertEquals(
        new OptionValue<>(WskStatus.STATUS_NOT_SUPPORTED, SocketOption.SO_WSK_EVENT_CALLBACK, null),
        c.p.receiveMessage(T));
    c.tell(new SetOption<>(SocketOption.SO_KEEPALIVE, null, c.reply()));
    assertEquals(
        new OptionSet(WskStatus.STATUS_INVALID_PARAMETER, SocketOption.SO_KEEPALIVE),
        c.p.receiveMessage(T));
    c.quiet();
  }
}
