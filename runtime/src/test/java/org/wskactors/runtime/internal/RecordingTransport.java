package org.wskactors.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * A {@link ConnectionTransport} without a socket (the idea of Netty's EmbeddedChannel): every call
 * the socket actor makes is recorded, synchronously, in a queue the test reads. Because a call is
 * recorded while the socket actor handles a message, a reply from that actor to a later message
 * proves that all calls made before it are already in the queue, so "no call" can be checked
 * exactly, without waiting. Transport events are sent to the socket actor by the test itself.
 */
final class RecordingTransport implements ConnectionTransport {

  /** One recorded call. */
  sealed interface Call
      permits Register, Write, DirectWrite, ResumeReading, ConfirmedClose, Abort {}

  record Register() implements Call {}

  record Write(ByteString data, Tcp.Event ack) implements Call {}

  /** A direct write the fake kernel took {@code taken} bytes of. */
  record DirectWrite(ByteString data, int taken) implements Call {}

  record ResumeReading() implements Call {}

  record ConfirmedClose() implements Call {}

  record Abort() implements Call {}

  private final ActorTestKit testKit;
  private final Duration timeout;
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final ActorRef<Void> lifecycle;
  private volatile int kernelTakes = -1;

  /**
   * @param testKit spawns the lifecycle actor, a stand-in for Pekko IO's connection actor
   * @param timeout how long {@link #expect} waits for a call
   */
  RecordingTransport(ActorTestKit testKit, Duration timeout) {
    this.testKit = testKit;
    this.timeout = timeout;
    this.lifecycle = testKit.spawn(Behaviors.<Void>empty());
  }

  // ---- ConnectionTransport -------------------------------------------------------------------

  @Override
  public ActorRef<Void> lifecycle() {
    return lifecycle;
  }

  @Override
  public void register() {
    calls.add(new Register());
  }

  @Override
  public void write(ByteString data, Tcp.Event ack) {
    calls.add(new Write(data, ack));
  }

  @Override
  public int writeNow(ByteString data) {
    int k = kernelTakes;
    if (k < 0) return -1; // direct writes off: every write goes through write()
    int taken = Math.min(k, data.size());
    calls.add(new DirectWrite(data, taken));
    return taken;
  }

  @Override
  public void resumeReading() {
    calls.add(new ResumeReading());
  }

  @Override
  public void confirmedClose() {
    calls.add(new ConfirmedClose());
  }

  @Override
  public void abort() {
    calls.add(new Abort());
  }

  @Override
  public Socket socket() {
    return null; // no real socket: options that need one report STATUS_NOT_SUPPORTED
  }

  // ---- for the test --------------------------------------------------------------------------

  /**
   * Makes {@link #writeNow} take at most {@code bytes} per call, as a kernel with that much room in
   * its send buffer; -1 (the default) makes it unavailable.
   */
  void kernelTakes(int bytes) {
    kernelTakes = bytes;
  }

  /** The next call, which must be of the given type; waits at most the timeout. */
  <T extends Call> T expect(Class<T> type) {
    Call c;
    try {
      c = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + type.getSimpleName(), e);
    }
    assertNotNull(c, "no " + type.getSimpleName() + " call within " + timeout);
    return assertInstanceOf(type, c, "unexpected transport call");
  }

  /** The next call must be a write; returns it. */
  Write expectWrite() {
    return expect(Write.class);
  }

  /**
   * No unread call. Only meaningful after a round trip to the socket actor (see the class comment).
   */
  void expectNoCall() {
    assertNull(calls.poll(), "unexpected transport call");
  }

  /** Forgets the calls recorded so far (for tests that only look at events). */
  void clear() {
    calls.clear();
  }

  /** Simulates the end of Pekko IO's connection actor: the transport is released. */
  void stopLifecycle() {
    testKit.stop(lifecycle, timeout);
  }
}
