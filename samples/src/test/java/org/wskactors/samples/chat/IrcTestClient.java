package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * A raw-socket IRC client for tests: {@link java.net.Socket}, lines read with a deadline, and
 * {@link #expect} that skips unrelated lines until the command or numeric wanted. Every wait is
 * bounded by {@link #TIMEOUT}; nothing sleeps.
 */
final class IrcTestClient implements AutoCloseable {
  /** The bound on every wait for a line. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final Socket socket;
  final InputStream in;
  final OutputStream out;

  /** Every line read so far, in order. */
  final List<String> transcript = new ArrayList<>();

  String nick;

  private IrcTestClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
    this.out = socket.getOutputStream();
  }

  /** Connects to the server. */
  static IrcTestClient connect(InetSocketAddress server) throws IOException {
    return connect(server, null, 0);
  }

  /**
   * Connects from {@code local} (null for any) with a receive buffer of {@code receiveBuffer} bytes
   * (0 for the system's).
   */
  static IrcTestClient connect(InetSocketAddress server, InetSocketAddress local, int receiveBuffer)
      throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
    if (local != null) s.bind(local);
    s.connect(server, (int) TIMEOUT.toMillis());
    return new IrcTestClient(s);
  }

  /** Connects and registers as {@code nick}, reading up to the end of the MOTD. */
  static IrcTestClient register(InetSocketAddress server, String nick) throws IOException {
    IrcTestClient c = connect(server);
    c.registerAs(nick);
    return c;
  }

  /** Sends NICK and USER and reads up to the end of the MOTD (376 or 422). */
  IrcTestClient registerAs(String nick) throws IOException {
    send("NICK " + nick);
    send("USER " + nick + " 0 * :Test " + nick);
    expect("001");
    expect(m -> m.command().equals("376") || m.command().equals("422"), "376 or 422");
    this.nick = nick;
    return this;
  }

  /** Sends one line (CR LF added). */
  void send(String line) throws IOException {
    sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Sends bytes as they are. */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * The next line without CR LF, or null at the end of the stream.
   *
   * @throws AssertionError when no line comes within {@link #TIMEOUT}
   */
  String readLine() throws IOException {
    return readLine(TIMEOUT);
  }

  /** As {@link #readLine()} with another bound. */
  String readLine(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) fail("no complete line within " + timeout + "; transcript tail: " + tail());
      socket.setSoTimeout((int) Math.max(1, left));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (b < 0) return null;
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        transcript.add(s);
        return s;
      }
      line.write(b);
    }
  }

  /** Reads until a message with this command (e.g. {@code "001"}, {@code "PRIVMSG"}). */
  IrcMessage expect(String command) throws IOException {
    return expect(m -> m.command().equals(command), command);
  }

  /** Reads until a message with this command whose line contains {@code text}. */
  IrcMessage expect(String command, String text) throws IOException {
    return expect(
        m -> m.command().equals(command) && m.formatWithTrailing().contains(text),
        command + " with '" + text + "'");
  }

  /** Reads until a message matching {@code wanted}, skipping others. */
  IrcMessage expect(Predicate<IrcMessage> wanted, String what) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero())
        fail("no " + what + " within " + TIMEOUT + ": " + tail());
      String line = readLine(left);
      if (line == null) fail("connection closed before " + what + ": " + tail());
      IrcMessage m = IrcMessage.parse(line);
      if (m != null && wanted.test(m)) return m;
    }
  }

  /** Reads every message up to and including one with {@code command}. */
  List<IrcMessage> readUntil(String command) throws IOException {
    List<IrcMessage> seen = new ArrayList<>();
    expect(
        m -> {
          seen.add(m);
          return m.command().equals(command);
        },
        command);
    return seen;
  }

  /**
   * Sends {@code PING :token} and returns every message before its PONG: a barrier, since the
   * session answers lines in order.
   */
  List<IrcMessage> sync(String token) throws IOException {
    send("PING :" + token);
    List<IrcMessage> seen = new ArrayList<>();
    expect(
        m -> {
          boolean pong = m.command().equals("PONG") && token.equals(m.param(1));
          if (!pong) seen.add(m);
          return pong;
        },
        "PONG " + token);
    return seen;
  }

  /** Reads until the server closes the connection; the lines read are in {@link #transcript}. */
  void expectClosed() throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative()) fail("the server did not close within " + TIMEOUT + ": " + tail());
      try {
        if (readLine(left) == null) return;
      } catch (java.net.SocketException e) {
        return; // reset: closed too
      }
    }
  }

  /** Asserts the numeric's parameters after the client's nick. */
  static void assertParams(IrcMessage m, String... params) {
    assertEquals(List.of(params), m.params().subList(1, m.params().size()), m.format());
  }

  String tail() {
    int from = Math.max(0, transcript.size() - 8);
    return String.join(" | ", transcript.subList(from, transcript.size()));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
