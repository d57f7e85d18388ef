package org.wskactors.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens many connections and leaves them idle: each one is connected and echoes one small message
 * (verified), so the server has accepted it and set up its handler, then stays open until {@link
 * #close()}. Connections are opened in batches: a batch is connected and written, then read.
 */
public final class IdleLoad implements AutoCloseable {
  private static final int BATCH = 200;
  private static final int MESSAGE = 32;

  private final List<SocketChannel> open = new ArrayList<>();
  private final Stats stats = new Stats(0, 1);

  private IdleLoad() {}

  /**
   * Opens {@code n} connections to {@code target}, each echoing one verified message.
   *
   * @param target the echo server
   * @param n the number of connections
   * @return the open connections, to close later
   */
  public static IdleLoad open(InetSocketAddress target, int n) {
    IdleLoad load = new IdleLoad();
    byte[] in = new byte[MESSAGE];
    for (int done = 0; done < n; done += BATCH) {
      List<SocketChannel> batch = new ArrayList<>();
      for (int i = done; i < Math.min(n, done + BATCH); i++) {
        try {
          SocketChannel ch = SocketChannel.open();
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.connect(target);
          ch.socket().setSoTimeout(10_000);
          ch.write(ByteBuffer.wrap(Pattern.array(), Pattern.index(i), MESSAGE));
          batch.add(ch);
        } catch (IOException e) {
          load.stats.error("connect " + (i + 1) + ": " + e);
        }
      }
      for (int b = 0; b < batch.size(); b++) {
        SocketChannel ch = batch.get(b);
        try {
          ByteBuffer buf = ByteBuffer.wrap(in);
          while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) throw new IOException("end of stream");
          }
          if (!Pattern.matches(in, 0, MESSAGE, done + b)) {
            load.stats.error("echoed bytes differ from those sent");
          } else {
            load.stats.verified(MESSAGE);
          }
          load.open.add(ch);
        } catch (IOException e) {
          load.stats.error("echo: " + e);
          closeQuietly(ch);
        }
      }
    }
    return load;
  }

  /**
   * @return connections open
   */
  public int connections() {
    return open.size();
  }

  /**
   * @return the errors and verified bytes of opening
   */
  public Stats stats() {
    return stats;
  }

  /** Closes every connection. */
  @Override
  public void close() {
    for (SocketChannel ch : open) closeQuietly(ch);
    open.clear();
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
