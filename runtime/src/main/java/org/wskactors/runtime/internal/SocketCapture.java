package org.wskactors.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.io.Inet;

/**
 * INTERNAL API: a Pekko IO socket option that hands the java.net.Socket of a connection to its
 * socket actor, so options such as SO_KEEPALIVE or TCP_NODELAY can be changed after connect (Pekko
 * IO has no command for that). Pekko IO calls it on its selector thread before it sends {@code
 * Connected}; the socket actor takes the socket when it handles {@code Connected}.
 */
public abstract class SocketCapture extends Inet.AbstractSocketOption {

  /**
   * Captures the one socket of an outgoing connection, also before it connects, and binds it to the
   * requested local address. Pekko IO binds an outgoing socket in its connection actor's
   * constructor: a failed bind (port in use) stops that actor without a {@code CommandFailed} and
   * without closing the channel, so the connect would never complete and the descriptor would leak.
   * Bound here instead (Pekko IO is given no local address), a failure closes the socket, is
   * reported to {@code bindFailed}, and is rethrown so Pekko IO's actor stops.
   */
  public static final class Single extends SocketCapture {
    private final AtomicReference<Socket> socket = new AtomicReference<>();
    private final InetSocketAddress bindTo;
    private final Consumer<IOException> bindFailed;

    /** A capture that does not bind (the system picks the local address at connect). */
    public Single() {
      this(null, null);
    }

    /**
     * A capture that binds the socket to {@code bindTo} before Pekko IO connects it.
     *
     * @param bindTo the local address to bind before connecting, or null for none
     * @param bindFailed called (on Pekko IO's thread) when that bind fails
     */
    public Single(InetSocketAddress bindTo, Consumer<IOException> bindFailed) {
      this.bindTo = bindTo;
      this.bindFailed = bindFailed;
    }

    @Override
    public void beforeConnect(Socket s) {
      socket.set(s);
      if (bindTo == null) return;
      try {
        s.bind(bindTo);
      } catch (IOException e) {
        try {
          s.close();
        } catch (IOException alreadyClosed) {
          // nothing left to release
        }
        bindFailed.accept(e);
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void afterConnect(Socket s) {
      socket.set(s);
    }

    /** The captured socket, or null before Pekko IO opened it. */
    public Socket socket() {
      return socket.get();
    }
  }

  /** Captures the sockets a listener accepts, keyed by their address pair. */
  public static final class Accepted extends SocketCapture {
    private final ConcurrentHashMap<Key, Socket> sockets = new ConcurrentHashMap<>();

    /** An accepted connection's address pair (compared by address and port, not by text). */
    private record Key(Object local, Object remote) {}

    @Override
    public void afterConnect(Socket s) {
      sockets.put(new Key(s.getLocalSocketAddress(), s.getRemoteSocketAddress()), s);
    }

    /**
     * Removes and returns the socket of an accepted connection.
     *
     * @param local its local address, as in {@code Connected}
     * @param remote its remote address, as in {@code Connected}
     */
    public Socket take(InetSocketAddress local, InetSocketAddress remote) {
      return sockets.remove(new Key(local, remote));
    }

    /** Forgets every socket not taken (the listener closed). */
    public void clear() {
      sockets.clear();
    }
  }
}
