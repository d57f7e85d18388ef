package org.wskactors.benchmarks.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A plain JDK NIO echo server, the JVM's practical ceiling: one acceptor thread hands connections
 * round-robin to one selector thread per core. Each worker reads into one shared direct buffer and
 * writes it straight back; only when the kernel takes less than everything does the rest go into a
 * per-connection buffer, and reading of that connection stops until it is flushed (back-pressure).
 *
 * <p>Usage: {@code JdkNioEchoServer [host] [port]}; prints {@code PORT n} when listening.
 */
public final class JdkNioEchoServer {
  private JdkNioEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   * @throws IOException when the server cannot bind
   */
  public static void main(String[] args) throws IOException {
    ServerSupport.quietLogging();
    int threads =
        Integer.getInteger("bench.nio.threads", Runtime.getRuntime().availableProcessors());
    Worker[] workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker();
      Thread t = new Thread(workers[i], "nio-worker-" + i);
      t.setDaemon(false);
      t.start();
    }
    ServerSocketChannel server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(ServerSupport.bindAddress(args), 1024);
    ServerSupport.announce(((InetSocketAddress) server.getLocalAddress()).getPort());
    int next = 0;
    while (true) {
      SocketChannel ch = server.accept();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      workers[next].add(ch);
      next = (next + 1) % threads;
    }
  }

  /** One selector thread and the connections it serves. */
  private static final class Worker implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    Worker() throws IOException {
      selector = Selector.open();
    }

    void add(SocketChannel ch) {
      incoming.add(ch);
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (true) {
          selector.select();
          SocketChannel ch;
          while ((ch = incoming.poll()) != null) {
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
          }
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            try {
              if (key.isValid() && key.isWritable()) flush(key);
              if (key.isValid() && key.isReadable()) read(key);
            } catch (IOException e) {
              close(key);
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private void read(SelectionKey key) throws IOException {
      SocketChannel ch = (SocketChannel) key.channel();
      buffer.clear();
      int n = ch.read(buffer);
      if (n < 0) {
        close(key);
        return;
      }
      buffer.flip();
      ch.write(buffer);
      if (buffer.hasRemaining()) {
        ByteBuffer pending = ByteBuffer.allocate(buffer.remaining());
        pending.put(buffer).flip();
        key.attach(pending);
        key.interestOps(SelectionKey.OP_WRITE); // stop reading until the rest is out
      }
    }

    private void flush(SelectionKey key) throws IOException {
      ByteBuffer pending = (ByteBuffer) key.attachment();
      SocketChannel ch = (SocketChannel) key.channel();
      ch.write(pending);
      if (!pending.hasRemaining()) {
        key.attach(null);
        key.interestOps(SelectionKey.OP_READ);
      }
    }

    private static void close(SelectionKey key) {
      key.cancel();
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
