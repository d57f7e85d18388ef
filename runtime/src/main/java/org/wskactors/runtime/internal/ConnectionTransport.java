package org.wskactors.runtime.internal;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * INTERNAL API: what a connection socket actor needs of its transport. The real ones are a Pekko IO
 * TCP connection ({@link PekkoTcpTransport}: outgoing connections, and accepted ones with {@code
 * listen.accept-on-loop} off) and a channel of the runtime's own ({@link LoopTcpTransport}:
 * accepted connections); tests use a recording fake, so the socket behaviour can be tested without
 * sockets. Transport events come back to the socket actor as Pekko IO's own {@code Tcp.Event}s,
 * whichever the transport.
 */
public interface ConnectionTransport {

  /**
   * The actor whose termination means the transport (and its file descriptor) is released; null for
   * a transport without an actor, which sends {@link LoopTcpTransport.Released} instead.
   */
  ActorRef<Void> lifecycle();

  /**
   * Makes the socket actor the connection's handler: keep open on peer close, no resume-writing.
   */
  void register();

  /**
   * Writes bytes; the transport answers with {@code ack} when it has taken all of them.
   *
   * @param data the bytes
   * @param ack the event to send back
   */
  void write(ByteString data, Tcp.Event ack);

  /**
   * Writes as many bytes as the kernel takes at once, on the caller's thread, without the transport
   * actor. Only called while no {@link #write} is in flight, so the bytes stay in order.
   *
   * @param data the bytes
   * @return how many bytes were written (0 to {@code data.size()}), or -1 when this transport
   *     cannot write directly or the write failed (the caller then uses {@link #write}, which
   *     reports the failure through the transport's own events)
   */
  default int writeNow(ByteString data) {
    return -1;
  }

  /**
   * The transport's own read registration, when its channel is read only through a read selector
   * from the start (then {@link #resumeReading} is called only after the end of the stream); null
   * when reads go through the transport.
   *
   * @return the registration, or null
   */
  default ReadSelector.Registration reads() {
    return null;
  }

  /** Asks for one more read (pull mode). */
  void resumeReading();

  /** Sends FIN after pending writes; reading goes on until the peer's FIN. */
  void confirmedClose();

  /** Resets the connection. */
  void abort();

  /** The Java socket, for options after connect; null when not available. */
  Socket socket();

  /**
   * The socket's channel when the caller may read or write it without blocking (direct writes,
   * selector reads); null otherwise.
   *
   * @return the non-blocking channel, or null
   */
  default SocketChannel channel() {
    Socket s = socket();
    SocketChannel c = s == null ? null : s.getChannel();
    return c == null || c.isBlocking() ? null : c;
  }
}
