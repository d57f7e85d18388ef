package org.wskactors.samples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * The well-behaved IRC client of the load tests: a blocking {@link Socket} from any {@code
 * 127.x.y.z} source address, lines read with a deadline ({@link LoadKit#T}), and a PING from the
 * server answered with PONG while waiting, as real clients do. Nothing sleeps.
 */
final class IrcClient implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Deque<String> tail = new ArrayDeque<>();
  String nick;

  private IrcClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 65536);
    this.out = socket.getOutputStream();
  }

  /** Connects from {@code local} (null: any). */
  static IrcClient connect(InetSocketAddress server, InetSocketAddress local) throws IOException {
    Socket s = new Socket();
    if (local != null) s.bind(local);
    s.connect(server, (int) LoadKit.T.toMillis());
    return new IrcClient(s);
  }

  /** Connects from 127.0.0.1 and registers as {@code nick}. */
  static IrcClient register(InetSocketAddress server, String nick) throws IOException {
    return connect(server, null).registerAs(nick);
  }

  /** Sends NICK and USER and reads to the end of the MOTD (376 or 422). */
  IrcClient registerAs(String nick) throws IOException {
    send("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick);
    expect("001");
    expect(m -> m.command().equals("376") || m.command().equals("422"), "376 or 422");
    this.nick = nick;
    return this;
  }

  /** Joins a channel and reads to the end of its NAMES (366). */
  void join(String channel) throws IOException {
    send("JOIN " + channel);
    expect("366");
  }

  /** Sends one line (CR LF added). */
  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * The next line without CR LF, or null at the end of the stream; fails after {@link LoadKit#T}.
   */
  String readLine() throws IOException {
    long deadline = System.nanoTime() + LoadKit.T.toNanos();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0)
        fail(nick + ": no complete line within " + LoadKit.T + "; last lines: " + tail);
      socket.setSoTimeout((int) Math.max(1, left));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (b < 0) return null;
      if (b == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
        tail.addLast(s);
        if (tail.size() > 8) tail.removeFirst();
        return s;
      }
      line.write(b);
    }
  }

  /** Reads until a message with this command, answering the server's PINGs meanwhile. */
  IrcMessage expect(String command) throws IOException {
    return expect(m -> m.command().equals(command), command);
  }

  /** Reads until a message matching {@code wanted}, answering the server's PINGs meanwhile. */
  IrcMessage expect(Predicate<IrcMessage> wanted, String what) throws IOException {
    while (true) {
      String line = readLine();
      if (line == null) fail(nick + ": connection closed before " + what + "; last lines: " + tail);
      IrcMessage m = IrcMessage.parse(line);
      if (m == null) continue;
      if (wanted.test(m)) return m;
      if (m.command().equals("PING")) send("PONG :" + m.param(0));
    }
  }

  /** Sends a PRIVMSG to {@code to} and expects {@code peer} to receive exactly it. */
  void say(String target, String text, IrcClient peer) throws IOException {
    send("PRIVMSG " + target + " :" + text);
    IrcMessage m = peer.expect("PRIVMSG");
    assertEquals(text, m.param(1), "the message " + peer.nick + " got");
  }

  /**
   * A round trip: {@code a} says a line in {@code channel}, {@code b} gets it, answers {@code a}
   * privately, and {@code a} gets that.
   */
  static void roundTrip(IrcClient a, IrcClient b, String channel, int n) throws IOException {
    a.say(channel, "ping " + n, b);
    b.say(a.nick, "pong " + n, a);
  }

  /** Reads until the server closes the connection (end of stream or reset). */
  void expectClosed() throws IOException {
    try {
      while (readLine() != null) {
        // skip what is left
      }
    } catch (SocketException reset) {
      // a reset closes too
    }
  }

  /** The last lines read, for messages. */
  String tail() {
    return String.join(" | ", tail);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
