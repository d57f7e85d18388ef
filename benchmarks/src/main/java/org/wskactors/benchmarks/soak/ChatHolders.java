package org.wskactors.benchmarks.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle chat clients held open through the soak, all on one NIO selector thread: each registers
 * ({@code NICK}/{@code USER}, registered at the end of the MOTD), then stays silent except for
 * answering the server's PINGs with PONG, as a real idle client does. A holder that the server
 * closes is an error. At the end {@link #checkAll} sends each a PING of its own and waits for every
 * PONG. Holders come from {@code 127.<net>.x.y}, {@code perAddress} per address, so the server's
 * per-address limit can stay at its default.
 */
final class ChatHolders implements AutoCloseable {
  private static final class Holder {
    final int index;
    final SocketChannel channel;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream(64);
    boolean registered;
    boolean checked;

    Holder(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }
  }

  private final InetSocketAddress server;
  private final int net;
  private final int perAddress;
  private final Tally tally;
  private final Selector selector;
  private final ConcurrentLinkedQueue<Holder> pending = new ConcurrentLinkedQueue<>();
  private final List<Holder> holders = new ArrayList<>();
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final AtomicInteger registered = new AtomicInteger();
  private final AtomicInteger checked = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;
  private volatile String checkToken;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(16384);

  ChatHolders(InetSocketAddress server, int net, int perAddress, Tally tally) throws IOException {
    this.server = server;
    this.net = net;
    this.perAddress = perAddress;
    this.tally = tally;
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "soak-chat-holders");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Opens {@code n} more holders in batches and waits until they registered.
   *
   * @param n how many
   * @param timeoutSeconds the bound on the whole
   * @return how many registered in time
   */
  int open(int n, long timeoutSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int target = registered.get() + n;
    int batch = 250;
    for (int done = 0; done < n; done += batch) {
      int size = Math.min(batch, n - done);
      int goal = registered.get() + size;
      for (int i = 0; i < size; i++) {
        int index = nextIndex.getAndIncrement();
        int address = index / perAddress;
        SocketChannel ch = SocketChannel.open();
        ch.bind(
            new InetSocketAddress(
                "127." + net + "." + (address / 250) + "." + (address % 250 + 1), 0));
        ch.connect(server);
        ch.configureBlocking(false);
        String nick = "Idle" + index;
        ch.write(
            ByteBuffer.wrap(
                ("NICK " + nick + "\r\nUSER idle 0 * :Idle\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
        pending.add(new Holder(index, ch));
      }
      selector.wakeup();
      awaitCount(registered, goal, deadline);
    }
    return registered.get() - (target - n);
  }

  /**
   * @return holders registered so far
   */
  int registered() {
    return registered.get();
  }

  /**
   * @return holders the server closed
   */
  long dropped() {
    return dropped.get();
  }

  /**
   * Sends every holder {@code PING :<token><index>} and waits for all PONGs.
   *
   * @param token a token for this check
   * @param timeoutSeconds the bound
   * @return how many answered
   */
  int checkAll(String token, long timeoutSeconds) throws InterruptedException {
    checked.set(0);
    checkToken = token;
    synchronized (holders) {
      for (Holder h : holders) {
        h.checked = false;
        try {
          h.channel.write(
              ByteBuffer.wrap(
                  ("PING :" + token + h.index + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
          tally.error("idle holder " + h.index + ": PING not sent: " + e);
        }
      }
    }
    int total;
    synchronized (holders) {
      total = holders.size() - (int) dropped.get(); // the ones the server closed cannot answer
    }
    awaitCount(checked, total, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds));
    return checked.get();
  }

  /**
   * Waits until {@code count} reaches {@code goal} (the selector thread notifies) or the deadline.
   */
  private synchronized void awaitCount(AtomicInteger count, int goal, long deadline)
      throws InterruptedException {
    while (count.get() < goal) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) return;
      wait(left);
    }
  }

  private synchronized void counted() {
    notifyAll();
  }

  private void loop() {
    try {
      while (!closing) {
        selector.select(100);
        Holder h;
        while ((h = pending.poll()) != null) {
          h.channel.register(selector, SelectionKey.OP_READ, h);
          synchronized (holders) {
            holders.add(h);
          }
        }
        for (SelectionKey k : selector.selectedKeys()) read((Holder) k.attachment(), k);
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      if (!closing) tally.error("idle holders' selector: " + e);
    }
  }

  private void read(Holder h, SelectionKey key) {
    while (true) {
      buffer.clear();
      int n;
      try {
        n = h.channel.read(buffer);
      } catch (IOException e) {
        n = -1;
      }
      if (n < 0) {
        key.cancel();
        try {
          h.channel.close();
        } catch (IOException ignored) {
          // closed anyway
        }
        if (!closing) {
          dropped.incrementAndGet();
          tally.error("idle holder " + h.index + " was closed by the server");
        }
        return;
      }
      if (n == 0) return;
      buffer.flip();
      while (buffer.hasRemaining()) {
        byte b = buffer.get();
        if (b != '\n') {
          h.partial.write(b);
          continue;
        }
        line(h, h.partial.toString(StandardCharsets.UTF_8).trim());
        h.partial.reset();
      }
    }
  }

  private void line(Holder h, String line) {
    String ping = LineSocket.pingToken(line);
    if (ping != null) {
      try {
        h.channel.write(
            ByteBuffer.wrap(("PONG :" + ping + "\r\n").getBytes(StandardCharsets.UTF_8)));
        tally.pingsAnswered.incrementAndGet();
      } catch (IOException e) {
        tally.error("idle holder " + h.index + ": PONG not sent: " + e);
      }
      return;
    }
    if (!h.registered && (line.contains(" 376 ") || line.contains(" 422 "))) {
      h.registered = true;
      registered.incrementAndGet();
      counted();
      return;
    }
    if (!h.registered && line.startsWith("ERROR ")) {
      tally.error("idle holder " + h.index + " refused: " + line);
      return;
    }
    String token = checkToken;
    if (token != null && !h.checked && line.contains(" PONG ") && line.endsWith(token + h.index)) {
      h.checked = true;
      checked.incrementAndGet();
      counted();
    }
  }

  /** Closes every holder (a FIN each) and the selector thread. */
  @Override
  public void close() throws IOException {
    closing = true;
    selector.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (holders) {
      for (Holder h : holders) h.channel.close();
    }
    Holder h;
    while ((h = pending.poll()) != null) h.channel.close();
    selector.close();
  }
}
