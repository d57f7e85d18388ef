package org.wskactors.samples.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Many raw, non-blocking client connections driven from one thread: each is connected from a source
 * address of the caller's choice, writes what it is told (never blocking: a write takes what the
 * kernel accepts), and collects the lines the server sends until it closes (end of stream or
 * reset). {@link #pump} waits on a selector for input, bounded by its timeout, so a loop that
 * trickles bytes is paced by the server's answers or the timeout, never by a sleep.
 */
final class RawClients implements AutoCloseable {

  /** One connection: its channel, the lines read, and how it ended. */
  static final class Conn {
    final int index;
    final SocketChannel channel;
    final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    long written;
    long read;
    boolean closed;
    boolean reset;
    boolean closedByClient;

    Conn(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }

    /** The first line containing {@code text}, or null. */
    String lineWith(String text) {
      for (String l : lines) if (l.contains(text)) return l;
      return null;
    }
  }

  private final Selector selector;
  final List<Conn> conns = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final boolean keepLines;

  /**
   * @param keepLines whether to keep the lines read (false: bytes are only counted)
   */
  RawClients(boolean keepLines) throws IOException {
    this.selector = Selector.open();
    this.keepLines = keepLines;
  }

  /**
   * Opens {@code n} connections to {@code server}, the {@code i}-th from {@code source.apply(i)}
   * (null: any), with a receive buffer of {@code receiveBuffer} bytes (0: the system's).
   */
  List<Conn> open(
      InetSocketAddress server, int n, IntFunction<InetSocketAddress> source, int receiveBuffer)
      throws IOException {
    List<Conn> opened = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open();
      if (receiveBuffer > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      InetSocketAddress local = source.apply(conns.size());
      if (local != null) ch.bind(local);
      ch.connect(server);
      ch.configureBlocking(false);
      Conn c = new Conn(conns.size(), ch);
      ch.register(selector, SelectionKey.OP_READ, c);
      conns.add(c);
      opened.add(c);
    }
    return opened;
  }

  /** Writes what the kernel takes of {@code bytes} now; returns the count (0 once closed). */
  int write(Conn c, byte[] bytes) {
    if (c.closed) return 0;
    try {
      int n = c.channel.write(ByteBuffer.wrap(bytes));
      c.written += n;
      return n;
    } catch (IOException e) {
      readRest(c); // the server's last lines may be waiting in the receive buffer
      try {
        releaseClosed();
      } catch (IOException ignored) {
        // released at the next select
      }
      return 0;
    }
  }

  /** Reads what connection {@code c} still has until end of stream or an error, and ends it. */
  private void readRest(Conn c) {
    while (!c.closed) {
      readBuffer.clear();
      try {
        int n = c.channel.read(readBuffer);
        if (n < 0) {
          ended(c, false);
        } else if (n == 0) {
          ended(c, true); // nothing more will come on a connection that cannot be written
        } else {
          c.read += n;
          if (keepLines) split(c, n);
        }
      } catch (IOException e) {
        ended(c, true);
      }
    }
  }

  /** Writes a line (CR LF added) completely, or fails. */
  void writeLine(Conn c, String line) throws IOException {
    writeAll(c, (line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes all of {@code bytes}, reading meanwhile (bounded by {@link LoadKit#T}), or fails. */
  void writeAll(Conn c, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long deadline = System.nanoTime() + LoadKit.T.toNanos();
    while (b.hasRemaining()) {
      if (System.nanoTime() > deadline)
        throw new IOException("write stalled on connection " + c.index);
      c.written += c.channel.write(b);
      if (b.hasRemaining()) pump(1);
    }
  }

  /**
   * Waits at most {@code timeoutMillis} for input, then reads what is there on every connection.
   *
   * @return the number of connections that closed during this call
   */
  int pump(long timeoutMillis) throws IOException {
    int closedNow = 0;
    selector.select(Math.max(1, timeoutMillis));
    for (SelectionKey k : selector.selectedKeys()) {
      Conn c = (Conn) k.attachment();
      if (c.closed) continue;
      while (true) {
        readBuffer.clear();
        int n;
        try {
          n = c.channel.read(readBuffer);
        } catch (IOException e) {
          ended(c, true);
          closedNow++;
          break;
        }
        if (n < 0) {
          ended(c, false);
          closedNow++;
          break;
        }
        if (n == 0) break;
        c.read += n;
        if (keepLines) split(c, n);
      }
    }
    selector.selectedKeys().clear();
    if (closedNow > 0) releaseClosed();
    return closedNow;
  }

  /**
   * Releases the descriptors of closed channels: a channel registered with a selector is only
   * really closed when the selector next selects and drops its cancelled key. Readiness is level
   * triggered, so clearing what this selects loses nothing.
   */
  private void releaseClosed() throws IOException {
    selector.selectNow();
    selector.selectedKeys().clear();
  }

  /** Pumps until every connection of {@code which} is closed or {@link LoadKit#T} passed. */
  boolean awaitAllClosed(List<Conn> which) throws IOException {
    long deadline = System.nanoTime() + LoadKit.T.toNanos();
    while (System.nanoTime() < deadline) {
      if (which.stream().allMatch(c -> c.closed)) return true;
      pump(100);
    }
    return which.stream().allMatch(c -> c.closed);
  }

  /** Pumps until {@code done} holds for every connection of {@code which}, bounded. */
  boolean awaitAll(List<Conn> which, java.util.function.Predicate<Conn> done) throws IOException {
    long deadline = System.nanoTime() + LoadKit.T.toNanos();
    while (System.nanoTime() < deadline) {
      if (which.stream().allMatch(done)) return true;
      pump(100);
    }
    return which.stream().allMatch(done);
  }

  private void split(Conn c, int n) {
    readBuffer.flip();
    while (readBuffer.hasRemaining()) {
      byte b = readBuffer.get();
      if (b == '\n') {
        String s = c.partial.toString(StandardCharsets.UTF_8);
        if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        c.lines.add(s);
        c.partial.reset();
      } else {
        c.partial.write(b);
      }
    }
  }

  private void ended(Conn c, boolean reset) {
    c.closed = true;
    c.reset = reset;
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // closed anyway
    }
  }

  /** Closes connection {@code c} (a FIN; with {@code abortive} a reset). */
  void close(Conn c, boolean abortive) throws IOException {
    closeQuietly(c, abortive);
    releaseClosed();
  }

  private void closeQuietly(Conn c, boolean abortive) {
    if (c.closed) return;
    c.closedByClient = true;
    try {
      if (abortive) c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException ignored) {
      // closing anyway
    }
    ended(c, false);
  }

  @Override
  public void close() throws IOException {
    for (Conn c : conns) closeQuietly(c, false);
    selector.close();
  }
}
