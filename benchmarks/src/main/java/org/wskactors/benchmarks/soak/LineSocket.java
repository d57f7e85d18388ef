package org.wskactors.benchmarks.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A blocking IRC client connection of the soak: lines in and out, every read bounded by {@link
 * #TIMEOUT_MS}, and the server's PING answered while waiting for something else.
 */
final class LineSocket implements AutoCloseable {
  /** The bound on one wait for a line. */
  static final int TIMEOUT_MS = 30_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Tally tally;

  LineSocket(InetSocketAddress server, InetSocketAddress local, Tally tally) throws IOException {
    this.tally = tally;
    socket = new Socket();
    if (local != null) socket.bind(local);
    socket.connect(server, TIMEOUT_MS);
    socket.setSoTimeout(TIMEOUT_MS);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    out = socket.getOutputStream();
  }

  /** Sends lines (each gets CR LF) in one write. */
  void send(String... lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l).append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * The next line that is not a PING (PINGs are answered), without CR LF.
   *
   * @return the line, or null at the end of the stream
   * @throws IOException on an I/O error or when no line comes within {@link #TIMEOUT_MS}
   */
  String next() throws IOException {
    while (true) {
      String line = raw();
      if (line == null) return null;
      String token = pingToken(line);
      if (token != null) {
        send("PONG :" + token);
        tally.pingsAnswered.incrementAndGet();
        continue;
      }
      return line;
    }
  }

  /**
   * The token of a PING line ({@code PING :t} or {@code :server PING :t}), else null.
   *
   * @param line a line from the server
   * @return the token to answer with PONG, or null
   */
  static String pingToken(String line) {
    String rest = line;
    if (rest.startsWith(":")) {
      int space = rest.indexOf(' ');
      if (space < 0) return null;
      rest = rest.substring(space + 1);
    }
    if (!rest.startsWith("PING ")) return null;
    rest = rest.substring(5);
    return rest.startsWith(":") ? rest.substring(1) : rest;
  }

  /** Reads lines until one contains {@code text}; fails at the end of the stream. */
  String until(String text) throws IOException {
    while (true) {
      String line = next();
      if (line == null) throw new IOException("connection closed while waiting for '" + text + "'");
      if (line.contains(text)) return line;
    }
  }

  private String raw() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new IOException("no line within " + TIMEOUT_MS + " ms", e);
      }
      if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
      if (b == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  /** Reads to the end of the stream (a reset ends it too). */
  void drainToEnd() throws IOException {
    try {
      while (raw() != null) {
        // the rest (ERROR line) is not checked
      }
    } catch (java.net.SocketException reset) {
      // ended
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
