package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * INTERNAL API: a {@link ConnectionTransport} over a channel the runtime owns (an accepted
 * connection with {@code wsk-actors.listen.accept-on-loop}), with no Pekko IO actor behind it.
 *
 * <p>The channel is registered with one {@link ReadSelector}, which reads it for the socket actor
 * from the start (credit-based, as with Pekko IO's channels) and finishes writes the kernel did not
 * take at once when the channel is writable again. The transport reports what Pekko IO's connection
 * actor would, as the same {@code Tcp} events, so the socket behaves the same over either: {@code
 * PeerClosed} (kept open for writing), {@code ConfirmedClosed}, {@code Aborted}, {@code
 * ErrorClosed}, the write ack; then {@link Released} once the descriptor is closed, which stands
 * for the Pekko IO actor's termination.
 *
 * <p>Threads: the socket actor calls every method from its own thread; the rest of a write and the
 * closing of the channel run on the selector thread. The socket never starts a write while one is
 * in flight and never shuts the output down while a write is in flight, so the channel is written
 * by one thread at a time.
 */
final class LoopTcpTransport implements ConnectionTransport {

  /**
   * Transport to socket actor: the channel is closed and its descriptor released; the last message
   * of the transport.
   */
  enum Released {
    INSTANCE
  }

  private final SocketChannel channel;
  private final ActorRef<Object> socket;
  private final ReadSelector selector;
  private final ReadSelector.Registration registration;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean finSent;
  private volatile boolean endOfStream;

  /**
   * @param channel the accepted channel, non-blocking
   * @param socket the socket actor: gets the reads and the events
   * @param selector the read selector of the socket actor's thread
   */
  LoopTcpTransport(SocketChannel channel, ActorRef<Object> socket, ReadSelector selector) {
    this.channel = channel;
    this.socket = socket;
    this.selector = selector;
    this.registration = selector.registerOwned(channel, socket);
  }

  @Override
  public ActorRef<Void> lifecycle() {
    return null; // no actor: the transport sends Released instead
  }

  @Override
  public void register() {
    // The socket actor is the handler from the start.
  }

  @Override
  public ReadSelector.Registration reads() {
    return registration;
  }

  @Override
  public void write(ByteString data, Tcp.Event ack) {
    registration.whenWritable(new PendingWrite(data, ack));
  }

  /** The rest of a write, continued on the selector thread whenever the channel is writable. */
  private final class PendingWrite implements Runnable {
    private ByteString rest;
    private final Tcp.Event ack;

    PendingWrite(ByteString rest, Tcp.Event ack) {
      this.rest = rest;
      this.ack = ack;
    }

    @Override
    public void run() {
      if (closed.get()) return;
      try {
        long n = ChannelWrites.write(channel, rest);
        rest = rest.drop((int) n);
      } catch (IOException e) {
        closeWith(new Tcp.ErrorClosed(String.valueOf(e.getMessage())));
        return;
      }
      if (rest.isEmpty()) socket.tell(ack);
      else registration.whenWritable(this);
    }
  }

  @Override
  public int writeNow(ByteString data) {
    if (closed.get()) return -1;
    try {
      return (int) ChannelWrites.write(channel, data);
    } catch (IOException e) {
      return -1; // write() meets the same error and reports it as ErrorClosed
    }
  }

  /**
   * Called by the socket once its reads have met the end of the stream (the transport reads only
   * through the read selector): the peer's FIN is reported as {@code PeerClosed}, or, after this
   * side's FIN, the connection is closed and reported as {@code ConfirmedClosed}.
   */
  @Override
  public void resumeReading() {
    if (!registration.atEndOfStream()) return; // reads go through the read selector only
    endOfStream = true;
    if (finSent) closeWith(confirmedClosed());
    else if (!closed.get()) socket.tell(peerClosed());
  }

  @Override
  public void confirmedClose() {
    if (closed.get() || finSent) return;
    finSent = true;
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      closeWith(new Tcp.ErrorClosed(String.valueOf(e.getMessage())));
      return;
    }
    if (endOfStream) closeWith(confirmedClosed());
  }

  @Override
  public void abort() {
    if (closed.get()) return;
    try {
      channel.socket().setSoLinger(true, 0); // the close sends a reset
    } catch (SocketException e) {
      // already closed by the peer's reset; the close below still releases the descriptor
    }
    closeWith(aborted());
  }

  @Override
  public Socket socket() {
    return channel.socket();
  }

  @Override
  public SocketChannel channel() {
    return channel;
  }

  /** Closes the channel (once) and reports {@code event}, then {@link Released}. */
  private void closeWith(Tcp.Event event) {
    if (!closed.compareAndSet(false, true)) return;
    socket.tell(event);
    selector.closeChannel(channel, () -> socket.tell(Released.INSTANCE));
  }

  private static Tcp.Event peerClosed() {
    return Tcp.PeerClosed$.MODULE$;
  }

  private static Tcp.Event confirmedClosed() {
    return Tcp.ConfirmedClosed$.MODULE$;
  }

  private static Tcp.Event aborted() {
    return Tcp.Aborted$.MODULE$;
  }
}
