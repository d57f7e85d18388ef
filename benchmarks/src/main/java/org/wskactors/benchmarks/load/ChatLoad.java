package org.wskactors.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The chat load: {@code clients} raw IRC clients on one NIO selector thread register ({@code
 * NICK}/{@code USER}, waiting for {@code 001}), {@code JOIN} one channel (joined at {@code 366} or
 * their own {@code JOIN}), answer {@code PING}s, and then the first {@code senders} of them send
 * {@code PRIVMSG}s to the channel (once the join traffic has been quiet for 500 ms), each keeping
 * one message outstanding: the next goes when the previous one has reached every other member (or
 * after {@value #DELIVERY_TIMEOUT_S} s, an error).
 *
 * <p>Each message carries its sender, a sequence number and the send time. Every recipient checks
 * that the prefix names the sender and that each sender's messages arrive once and in order; a gap,
 * duplicate or foreign prefix is an error. Measured: deliveries (one message at one recipient) per
 * second, and the latency from sending to the arrival at the last recipient.
 */
public final class ChatLoad {
  private ChatLoad() {}

  /** How long one message may take to reach every member before it counts as an error. */
  static final int DELIVERY_TIMEOUT_S = 5;

  /**
   * What to run.
   *
   * @param target the IRC server
   * @param clients the number of clients in the channel
   * @param senders how many of them send
   * @param channel the channel name, e.g. {@code #bench}
   * @param joinTimeout how long registering and joining may take
   * @param warmup time before the measurement window
   * @param duration the measurement window
   */
  public record Params(
      InetSocketAddress target,
      int clients,
      int senders,
      String channel,
      Duration joinTimeout,
      Duration warmup,
      Duration duration) {}

  /**
   * What a chat run measured.
   *
   * @param broadcasts per message that reached everyone: count, rate and latency to the last one
   * @param deliveriesInWindow messages received by a member inside the measurement window
   * @param joined clients that had registered and joined when the senders started
   * @param joinSeconds how long registering, joining and the join traffic took
   */
  public record Outcome(Stats broadcasts, long deliveriesInWindow, int joined, double joinSeconds) {
    /**
     * @return deliveries per second over the window
     */
    public double deliveriesPerSecond() {
      return deliveriesInWindow / broadcasts.seconds();
    }
  }

  private static final int REGISTERING = 0;
  private static final int JOINING = 1;
  private static final int JOINED = 2;

  /** One IRC client. */
  private static final class Client {
    final int id;
    final String nick;
    final SocketChannel ch;
    SelectionKey key;
    int state = REGISTERING;
    boolean open = true;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    final long[] lastSeq; // per sender: last sequence number received

    Client(int id, SocketChannel ch, int senders) {
      this.id = id;
      this.nick = "b" + id;
      this.ch = ch;
      this.lastSeq = new long[senders];
      Arrays.fill(lastSeq, -1);
    }
  }

  /**
   * Runs the load.
   *
   * @param p the parameters
   * @return what it measured
   * @throws IOException when the selector cannot be opened
   */
  public static Outcome run(Params p) throws IOException {
    return new Runner(p).run();
  }

  /** The selector loop. */
  private static final class Runner {
    private final Params p;
    private final Client[] clients;
    private final long[] sendSeq;
    private final long[] sentAt;
    private final int[] delivered;
    private int joined;
    private long measureStart = Long.MAX_VALUE;
    private long measureEnd = Long.MAX_VALUE;
    private Stats stats = new Stats(0, 1);
    private long deliveriesInWindow;
    private boolean sending;
    private boolean quitting;
    private long lastRead = System.nanoTime();

    Runner(Params p) {
      this.p = p;
      this.clients = new Client[p.clients()];
      this.sendSeq = new long[p.senders()];
      this.sentAt = new long[p.senders()];
      this.delivered = new int[p.senders()];
      Arrays.fill(sendSeq, -1);
    }

    Outcome run() throws IOException {
      Stats setupErrors = new Stats(0, 1);
      long joinStart = System.nanoTime();
      double joinSeconds = Double.NaN;
      try (Selector selector = Selector.open()) {
        for (int i = 0; i < clients.length; i++) {
          try {
            SocketChannel ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(p.target());
            ch.configureBlocking(false);
            Client c = new Client(i, ch, p.senders());
            clients[i] = c;
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            send(c, "NICK " + c.nick + "\r\nUSER " + c.nick + " 0 * :bench client\r\n");
          } catch (IOException e) {
            setupErrors.error("connect client " + i + ": " + e);
          }
          if (i % 100 == 99) poll(selector, 0);
        }
        long joinDeadline = joinStart + p.joinTimeout().toNanos();
        while (joined < clients.length && System.nanoTime() < joinDeadline) poll(selector, 20);
        // let the JOIN and NAMES traffic of the last joins drain: wait for 500 ms of silence
        long settleDeadline = System.nanoTime() + p.joinTimeout().toNanos();
        while (System.nanoTime() - lastRead < 500_000_000L && System.nanoTime() < settleDeadline) {
          poll(selector, 20);
        }
        joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        if (joined < clients.length) {
          setupErrors.error(
              "only "
                  + joined
                  + " of "
                  + clients.length
                  + " clients joined within "
                  + p.joinTimeout());
        }
        long t0 = System.nanoTime();
        measureStart = t0 + p.warmup().toNanos();
        measureEnd = measureStart + p.duration().toNanos();
        Stats joinPhase = stats;
        stats = new Stats(measureStart, measureEnd);
        stats.merge(joinPhase);
        stats.merge(setupErrors);
        sending = joined == clients.length && p.senders() > 0;
        if (sending) for (int s = 0; s < p.senders(); s++) sendNext(s, t0);
        long deadline = measureEnd + Duration.ofSeconds(DELIVERY_TIMEOUT_S * 2L).toNanos();
        while (true) {
          poll(selector, 20);
          long now = System.nanoTime();
          boolean outstanding = false;
          for (int s = 0; s < p.senders() && sending; s++) {
            if (sendSeq[s] >= 0 && delivered[s] >= 0) {
              outstanding = true;
              if (now - sentAt[s] > DELIVERY_TIMEOUT_S * 1_000_000_000L) {
                stats.error(
                    "message "
                        + sendSeq[s]
                        + " of sender "
                        + s
                        + " reached "
                        + delivered[s]
                        + " of "
                        + (clients.length - 1)
                        + " members within "
                        + DELIVERY_TIMEOUT_S
                        + " s");
                delivered[s] = -1;
                sendNext(s, now);
              }
            }
          }
          if (now >= measureEnd && (!outstanding || now >= deadline)) break;
        }
        quitting = true;
        for (Client c : clients) {
          if (c != null && c.open) send(c, "QUIT :bench done\r\n");
        }
        poll(selector, 50);
      } finally {
        for (Client c : clients) {
          if (c != null) close(c);
        }
      }
      return new Outcome(stats, deliveriesInWindow, joined, joinSeconds);
    }

    private void sendNext(int s, long now) {
      if (now >= measureEnd || !clients[s].open) {
        delivered[s] = -1;
        return;
      }
      sendSeq[s]++;
      delivered[s] = 0;
      sentAt[s] = System.nanoTime();
      send(
          clients[s],
          "PRIVMSG " + p.channel() + " :T " + s + " " + sendSeq[s] + " " + sentAt[s] + "\r\n");
    }

    private void poll(Selector selector, long timeoutMs) throws IOException {
      if (timeoutMs == 0) selector.selectNow();
      else selector.select(timeoutMs);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Client c = (Client) k.attachment();
        if (!c.open || !k.isValid()) continue;
        if (k.isWritable()) flush(c);
        if (c.open && k.isReadable()) read(c);
      }
    }

    private void send(Client c, String text) {
      c.out.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      flush(c);
    }

    private void flush(Client c) {
      try {
        while (!c.out.isEmpty()) {
          ByteBuffer b = c.out.peek();
          c.ch.write(b);
          if (b.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
          }
          c.out.poll();
        }
        if ((c.key.interestOps() & SelectionKey.OP_WRITE) != 0)
          c.key.interestOps(SelectionKey.OP_READ);
      } catch (IOException e) {
        fail(c, "write: " + e);
      }
    }

    private void read(Client c) {
      int n;
      try {
        n = c.ch.read(c.in);
      } catch (IOException e) {
        fail(c, "read: " + e);
        return;
      }
      lastRead = System.nanoTime();
      if (n < 0) {
        if (quitting) {
          close(c);
          return;
        }
        fail(c, "server closed the connection of " + c.nick);
        return;
      }
      byte[] a = c.in.array();
      int end = c.in.position();
      int lineStart = 0;
      for (int i = 0; i < end; i++) {
        if (a[i] == '\n') {
          int lineEnd = i > lineStart && a[i - 1] == '\r' ? i - 1 : i;
          onLine(c, new String(a, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8));
          if (!c.open) return;
          lineStart = i + 1;
        }
      }
      if (lineStart == 0 && end == a.length) {
        fail(c, "line longer than " + a.length + " bytes");
        return;
      }
      System.arraycopy(a, lineStart, a, 0, end - lineStart);
      c.in.position(end - lineStart);
    }

    private void onLine(Client c, String line) {
      if (line.startsWith("PING")) {
        send(c, "PONG" + line.substring(4) + "\r\n");
        return;
      }
      String[] parts = line.split(" ", 4);
      if (parts.length < 2) return;
      String command = line.startsWith(":") ? parts[1] : parts[0];
      if (command.equals("PRIVMSG")) {
        onPrivmsg(c, line);
        return;
      }
      if (c.state == REGISTERING && command.equals("001")) {
        c.state = JOINING;
        send(c, "JOIN " + p.channel() + "\r\n");
      } else if (c.state == REGISTERING && command.equals("433")) {
        fail(c, "nick " + c.nick + " in use");
      } else if (c.state == JOINING
          && (command.equals("366")
              || (command.equals("JOIN") && line.startsWith(":" + c.nick + "!")))) {
        c.state = JOINED;
        joined++;
      } else if (command.equals("ERROR") && !quitting) {
        fail(c, "server said: " + line);
      }
    }

    private void onPrivmsg(Client c, String line) {
      long now = System.nanoTime();
      // :bS!user@host PRIVMSG #chan :T S SEQ NANOS
      int text = line.indexOf(" :T ");
      String[] f = text < 0 ? new String[0] : line.substring(text + 4).split(" ");
      if (f.length < 3) {
        stats.error("unexpected PRIVMSG: " + line);
        return;
      }
      int s;
      long seq;
      long at;
      try {
        s = Integer.parseInt(f[0]);
        seq = Long.parseLong(f[1]);
        at = Long.parseLong(f[2]);
      } catch (NumberFormatException e) {
        stats.error("unparsable PRIVMSG: " + line);
        return;
      }
      if (s < 0 || s >= p.senders() || !line.startsWith(":b" + s + "!")) {
        stats.error("PRIVMSG with a wrong sender: " + line);
        return;
      }
      if (c.id == s) return; // an echo to the sender itself, if the server sends one
      if (seq != c.lastSeq[s] + 1) {
        stats.error(c.nick + " got message " + seq + " of sender " + s + " after " + c.lastSeq[s]);
      }
      c.lastSeq[s] = seq;
      stats.verified(line.length());
      if (now >= measureStart && now < measureEnd) deliveriesInWindow++;
      if (seq == sendSeq[s] && delivered[s] >= 0 && ++delivered[s] == clients.length - 1) {
        stats.complete(now, now - at);
        delivered[s] = -1;
        if (sending) sendNext(s, now);
      }
    }

    private void fail(Client c, String why) {
      if (!c.open || quitting) return;
      stats.error(why);
      close(c);
    }

    private static void close(Client c) {
      c.open = false;
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
