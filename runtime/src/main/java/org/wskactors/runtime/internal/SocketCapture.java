package org.wskactors.runtime.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.io.Inet;

/**
 * INTERNAL API: a Pekko IO socket option that hands the java.net.Socket of a connection to its
 * socket actor, so options such as SO_KEEPALIVE or TCP_NODELAY can be changed after connect (Pekko
 * IO has no command for that). Pekko IO calls it on its selector thread before it sends {@code
 * Connected}; the socket actor takes the socket when it handles {@code Connected}.
 */
public abstract class SocketCapture extends Inet.AbstractSocketOption {

  /** Captures the one socket of an outgoing connection, also before it connects. */
  public static final class Single extends SocketCapture {
    private final AtomicReference<Socket> socket = new AtomicReference<>();

    @Override
    public void beforeConnect(Socket s) {
      socket.set(s);
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
    private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();

    @Override
    public void afterConnect(Socket s) {
      sockets.put(key(s.getLocalSocketAddress(), s.getRemoteSocketAddress()), s);
    }

    /**
     * Removes and returns the socket of an accepted connection.
     *
     * @param local its local address, as in {@code Connected}
     * @param remote its remote address, as in {@code Connected}
     */
    public Socket take(InetSocketAddress local, InetSocketAddress remote) {
      return sockets.remove(key(local, remote));
    }

    /** Forgets every socket not taken (the listener closed). */
    public void clear() {
      sockets.clear();
    }

    private static String key(Object local, Object remote) {
      return local + "|" + remote;
    }
  }
}
