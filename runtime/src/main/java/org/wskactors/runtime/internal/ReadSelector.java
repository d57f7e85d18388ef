package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.DatagramIndication;

/**
 * INTERNAL API: a selector thread of the runtime's own that reads connection sockets' channels and
 * sends what it reads straight to the socket actors, without Pekko IO's connection actor in between
 * (see {@code wsk-actors.connection.selector-reads}), and accepts for listening sockets (see {@code
 * wsk-actors.listen.accept-on-loop}), and reads datagram sockets' channels (see {@code
 * wsk-actors.datagram.channel-on-loop}).
 *
 * <p>A channel is either Pekko IO's or the runtime's own. Pekko IO's channels ({@link #register}:
 * outgoing connections, and accepted ones with {@code listen.accept-on-loop} off) stay Pekko IO's
 * for connect, writes it could not finish at once and close, registered with its own selector too;
 * a pull-mode Pekko IO connection never asks that selector for reads unless it is sent {@code
 * ResumeReading}, so the channel is read by exactly one side, and the end of the stream and read
 * errors hand the rest of the connection's life back to Pekko IO. The runtime's own channels have
 * no Pekko IO actor: a listening channel registered as an {@link Acceptor} is accepted here, and an
 * accepted channel ({@link #registerOwned}) is read here from the first byte, its unfinished writes
 * are finished here when it is writable ({@link Registration#whenWritable}), and it is closed here
 * ({@link #closeChannel}). A datagram channel ({@link #registerDatagrams}) is the runtime's own in
 * the same way: up to {@value #MAX_DATAGRAMS_PER_READ} datagrams per readiness are received and
 * sent to the socket as one {@link DatagramsRead}. Reads are credit-based: the socket actor
 * {@linkplain Registration#grant grants} the bytes its receive window has room for, the selector
 * thread reads at most that many and stops selecting the channel for reads when the credit is used
 * up, so the window bounds memory exactly.
 *
 * <p>Everything that touches the {@link Selector} or a {@link SelectionKey} runs on the selector
 * thread; other threads queue tasks and wake it. The same task queue runs the mailboxes of the
 * actors of a {@link SelectorLoopExecutor} dispatcher, so the thread is an event loop: each round
 * runs at most 1024 queued tasks, then reads the channels that are ready (what the reads queue runs
 * in the next round), and only blocks in {@code select} when no task is left.
 */
public final class ReadSelector implements AutoCloseable {

  /** Selector thread to socket actor: bytes read from its channel. */
  public record Read(ByteString data) {}

  /**
   * Selector thread to socket actor: the channel reached the end of its stream (the peer's FIN).
   */
  public enum EndOfStream {
    INSTANCE
  }

  /** Selector thread to socket actor: a read failed (usually a reset); reading has stopped. */
  public record Failed(IOException cause) {}

  /**
   * Selector thread to datagram socket actor: datagrams received from its channel, in arrival
   * order, at least one. Each was charged {@code max(1, size)} bytes of the socket's credit.
   */
  public record DatagramsRead(List<DatagramIndication> datagrams) {}

  /** Selector thread to listening socket actor: a connection it accepted (non-blocking). */
  public record Accepted(SocketChannel channel) {}

  /** Selector thread to listening socket actor: its channel is closed and its port released. */
  public enum AcceptorClosed {
    INSTANCE
  }

  /**
   * One channel registered for reads (and, for a channel the runtime owns, for writability); handed
   * to the socket actor that owns the channel.
   */
  public static final class Registration {
    private final ReadSelector owner;
    private final SelectableChannel channel;
    private final ActorRef<Object> socket;
    private final boolean owned;
    private final AtomicLong credit = new AtomicLong();
    private SelectionKey key; // selector thread only
    private boolean ended; // selector thread only
    private Runnable onWritable; // selector thread only
    private volatile boolean endOfStream;

    private Registration(
        ReadSelector owner, SelectableChannel channel, ActorRef<Object> socket, boolean owned) {
      this.owner = owner;
      this.channel = channel;
      this.socket = socket;
      this.owned = owned;
    }

    /**
     * Allows {@code bytes} more to be read. Called by the socket actor; arms the channel when its
     * credit had run out. A datagram channel's credit can end below zero (a datagram is read whole
     * once the credit is above zero); a grant then first makes up the difference.
     *
     * @param bytes how many more bytes the socket can take, more than 0
     */
    public void grant(long bytes) {
      if (credit.getAndAdd(bytes) <= 0) {
        if (owner.inLoop()) arm();
        else owner.execute(this::arm);
      }
    }

    /**
     * Stops reading for good (the socket closes or hands reading back). Idempotent. A channel the
     * runtime owns stays registered for writability until it is closed.
     */
    public void cancel() {
      owner.execute(this::end);
    }

    /**
     * Runs {@code task} on the selector thread once the channel can take more bytes (once: ask
     * again for the next time). Only for a channel the runtime owns.
     *
     * @param task what to run, on the selector thread
     */
    void whenWritable(Runnable task) {
      if (owner.inLoop()) awaitWritable(task);
      else owner.execute(() -> awaitWritable(task));
    }

    private void awaitWritable(Runnable task) {
      onWritable = task;
      arm();
    }

    /**
     * Whether a read met the end of the stream (the peer's FIN).
     *
     * @return true once {@link EndOfStream} was sent
     */
    boolean atEndOfStream() {
      return endOfStream;
    }

    /** The interest the channel needs now: reads while there is credit, writes while awaited. */
    private int interest() {
      int ops = !ended && credit.get() > 0 ? SelectionKey.OP_READ : 0;
      return onWritable != null ? ops | SelectionKey.OP_WRITE : ops;
    }

    private void arm() {
      int ops = interest();
      if (ops == 0) return;
      try {
        if (key == null) {
          key = channel.register(owner.selector, ops, this);
        } else {
          key.interestOps(ops);
        }
      } catch (ClosedChannelException | CancelledKeyException e) {
        // The channel is closed (reset, abort, close): the socket hears it from its transport.
        ended = true;
        onWritable = null;
      } catch (RuntimeException e) {
        // Not expected (the channel is open and non-blocking); reading it cannot start, so the
        // socket ends with a status rather than waiting for bytes.
        end();
        socket.tell(new Failed(new IOException("read selector registration failed: " + e, e)));
      }
    }

    private void end() {
      ended = true;
      if (key == null) return;
      if (!owned) {
        key.cancel();
      } else if (key.isValid()) {
        key.interestOps(interest());
      }
    }
  }

  /**
   * A listening channel the runtime owns, registered for accepts: the listening socket actor grants
   * how many connections it wants, the selector thread accepts at most that many and sends each to
   * it as {@link Accepted}.
   */
  public static final class Acceptor {
    private final ReadSelector owner;
    private final ServerSocketChannel channel;
    private final ActorRef<Object> listener;
    private final Consumer<SocketChannel> configure;
    private int credit; // selector thread only
    private SelectionKey key; // selector thread only
    private boolean closed; // selector thread only

    private Acceptor(
        ReadSelector owner,
        ServerSocketChannel channel,
        ActorRef<Object> listener,
        Consumer<SocketChannel> configure) {
      this.owner = owner;
      this.channel = channel;
      this.listener = listener;
      this.configure = configure;
    }

    /**
     * Allows {@code connections} more accepts. Called by the listening socket actor.
     *
     * @param connections how many, more than 0
     */
    public void grant(int connections) {
      owner.execute(
          () -> {
            if (closed) return;
            credit += connections;
            try {
              if (key == null) key = channel.register(owner.selector, SelectionKey.OP_ACCEPT, this);
              else key.interestOps(SelectionKey.OP_ACCEPT);
            } catch (ClosedChannelException | CancelledKeyException e) {
              closed = true;
            }
          });
    }

    /**
     * Closes the listening channel on the selector thread and tells the listener {@link
     * AcceptorClosed} once its port is released. Idempotent.
     */
    public void close() {
      owner.execute(
          () -> {
            if (closed && !channel.isOpen()) return;
            closed = true;
            owner.closeOnLoop(channel, () -> listener.tell(AcceptorClosed.INSTANCE));
          });
    }

    private void accept() {
      while (credit > 0 && !closed) {
        SocketChannel c;
        try {
          c = channel.accept();
        } catch (IOException e) {
          // Out of descriptors, or the connection was reset in the backlog: this round ends, the
          // channel stays armed and the next round tries again.
          LOG.warn(
              "Accept on [{}] failed: {}", channel.socket().getLocalSocketAddress(), e.toString());
          return;
        }
        if (c == null) return;
        try {
          c.configureBlocking(false);
          configure.accept(c);
        } catch (IOException | RuntimeException e) {
          // Usually reset before it was set up; the credit stays for the next connection.
          LOG.debug("Accepted connection could not be set up, closed", e);
          closeQuietly(c);
          continue;
        }
        credit--;
        listener.tell(new Accepted(c));
      }
      if (credit <= 0 && key.isValid()) key.interestOps(0);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReadSelector.class);
  private static final int MAX_TASKS_PER_ROUND = 1024;

  /** Most datagrams received from one channel per round (so one busy socket cannot starve). */
  static final int MAX_DATAGRAMS_PER_READ = 64;

  /** Receive buffer of datagram reads: the largest UDP payload (65,527 bytes over IPv6) fits. */
  private static final int DATAGRAM_BUFFER = 65_536;

  private final Selector selector;
  private final ByteBuffer buffer;
  private ByteBuffer datagramBuffer; // selector thread only, allocated with the first datagram read
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Thread thread;
  private final List<PendingClose> pendingCloses = new ArrayList<>(); // selector thread only
  private volatile boolean running = true;

  /**
   * Opens the selector and starts its thread.
   *
   * @param name the thread's name
   * @param bufferSize most bytes read per read system call
   * @throws IOException when no selector can be opened
   */
  public ReadSelector(String name, int bufferSize) throws IOException {
    this.selector = Selector.open();
    this.buffer = ByteBuffer.allocateDirect(bufferSize);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Registers a channel; nothing is read until the socket grants credit.
   *
   * @param channel the connection's channel, non-blocking
   * @param socket the socket actor that gets the reads
   * @return the registration the socket grants credit to
   */
  public Registration register(SocketChannel channel, ActorRef<Object> socket) {
    return new Registration(this, channel, socket, false);
  }

  /**
   * Registers a channel the runtime owns (no Pekko IO actor behind it): reads as {@link #register},
   * and the registration stays for writability until the channel is closed with {@link
   * #closeChannel}.
   *
   * @param channel the connection's channel, non-blocking
   * @param socket the socket actor that gets the reads
   * @return the registration
   */
  Registration registerOwned(SocketChannel channel, ActorRef<Object> socket) {
    return new Registration(this, channel, socket, true);
  }

  /**
   * Registers a datagram channel the runtime owns: while the socket's credit (in bytes, each
   * datagram charged {@code max(1, size)}) is above zero, datagrams are received whole and sent to
   * the socket as {@link DatagramsRead}; the registration stays for writability until the channel
   * is closed with {@link #closeChannel}. A receive failure ends reading and is sent as {@link
   * Failed}.
   *
   * @param channel the bound, non-blocking datagram channel
   * @param socket the datagram socket actor that gets the datagrams
   * @return the registration
   */
  Registration registerDatagrams(DatagramChannel channel, ActorRef<Object> socket) {
    return new Registration(this, channel, socket, true);
  }

  /**
   * Registers a listening channel the runtime owns; nothing is accepted until the listener grants
   * credit.
   *
   * @param channel the bound, non-blocking listening channel
   * @param listener the listening socket actor that gets the connections
   * @param configure applied to each accepted channel (made non-blocking) before it is sent; a
   *     failure closes that channel
   * @return the acceptor the listener grants credit to and closes
   */
  Acceptor registerAcceptor(
      ServerSocketChannel channel, ActorRef<Object> listener, Consumer<SocketChannel> configure) {
    return new Acceptor(this, channel, listener, configure);
  }

  /**
   * Closes a channel registered with this selector so that its descriptor is released at once (a
   * registered channel's descriptor is only released once its key is deregistered, in the next
   * selection), then runs {@code after}. Closes are batched: the round's task phase ends with one
   * non-blocking selection for all of them. Runs on the selector thread; any thread may call it.
   *
   * @param channel the channel
   * @param after run on the selector thread once the descriptor is released
   */
  void closeChannel(SelectableChannel channel, Runnable after) {
    execute(() -> closeOnLoop(channel, after));
  }

  /** {@link #closeChannel} on the selector thread: cancels the key, closes after the tasks. */
  private void closeOnLoop(SelectableChannel channel, Runnable after) {
    SelectionKey key = channel.keyFor(selector);
    if (key != null) key.cancel();
    pendingCloses.add(new PendingClose(channel, after));
  }

  /** A channel to close at the end of the round's tasks, and what to run once it is closed. */
  private record PendingClose(Channel channel, Runnable after) {}

  /** Runs the closes the round's tasks asked for: one selection deregisters all their keys. */
  private void runPendingCloses() throws IOException {
    if (pendingCloses.isEmpty()) return;
    selector.selectNow(); // deregisters the cancelled keys; ready keys wait for this round
    // The selection consumed any wakeup: a thread that set the flag and woke the selector since
    // the last one must not leave it set, or the next task from another thread would not wake the
    // selector (its flag already set) while this thread blocks in select.
    wakeupPending.set(false);
    for (PendingClose c : pendingCloses) {
      closeQuietly(c.channel());
      runTask(c.after());
    }
    pendingCloses.clear();
  }

  /**
   * Closes a channel, logging a failure at DEBUG (there is nothing left to release).
   *
   * @param c the channel
   */
  static void closeQuietly(Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("Closing a channel failed", e);
    }
  }

  /**
   * Runs a task on the selector thread, in its next batch of tasks (which comes before the reads of
   * that round); wakes the thread when it is called from another one. Besides the registrations'
   * own work, this runs the mailboxes of actors on a {@link SelectorLoopExecutor} dispatcher.
   *
   * @param task what to run
   */
  void execute(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /**
   * Whether the caller runs on this selector's thread.
   *
   * @return true on the selector thread
   */
  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    try {
      while (running) {
        if (tasks.isEmpty()) selector.select();
        else selector.selectNow();
        wakeupPending.set(false);
        // Tasks first: a cancel or grant queued before the selection applies to its reads. The
        // round is bounded: a task that queues another (an actor's mailbox with more messages
        // than its throughput) must not keep the channels from being selected. What the reads
        // below queue runs at the start of the next round, after a select that does not block.
        Runnable task;
        for (int i = 0; i < MAX_TASKS_PER_ROUND && (task = tasks.poll()) != null; i++) {
          runTask(task);
        }
        runPendingCloses();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          Object attachment = k.attachment();
          if (attachment instanceof Registration r) ready(k, r);
          else accept(k, (Acceptor) attachment);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (running) LOG.error("Read selector [{}] failed", thread.getName(), e);
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        LOG.debug("Closing read selector [{}] failed", thread.getName(), e);
      }
    }
  }

  private void runTask(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("Read selector [{}] failed a task", thread.getName(), e);
    }
  }

  private void ready(SelectionKey k, Registration r) {
    int ops;
    try {
      ops = k.readyOps();
    } catch (CancelledKeyException e) {
      r.ended = true; // the channel was closed; its owner hears it from its transport
      return;
    }
    if ((ops & SelectionKey.OP_WRITE) != 0 && r.onWritable != null) {
      Runnable w = r.onWritable;
      r.onWritable = null;
      if (k.isValid()) k.interestOps(r.interest());
      runTask(w);
    }
    if ((ops & SelectionKey.OP_READ) != 0) read(r);
  }

  private void accept(SelectionKey k, Acceptor a) {
    try {
      a.accept();
    } catch (CancelledKeyException e) {
      a.closed = true;
    } catch (RuntimeException e) {
      LOG.error("Read selector [{}] failed accepting", thread.getName(), e);
    }
  }

  private void read(Registration r) {
    try {
      readChecked(r);
    } catch (CancelledKeyException e) {
      r.ended = true; // Pekko IO closed the channel; the socket hears it from Pekko IO
    } catch (RuntimeException e) {
      // Never let one channel stop the thread that reads all the others: this one ends as failed.
      LOG.error("Read selector [{}] failed reading a channel", thread.getName(), e);
      r.end();
      r.socket.tell(new Failed(new IOException("read selector failed: " + e, e)));
    }
  }

  private void readChecked(Registration r) {
    if (r.ended || !r.key.isValid()) return;
    if (r.channel instanceof DatagramChannel dc) {
      receiveDatagrams(r, dc);
      return;
    }
    long credit = r.credit.get();
    if (credit <= 0) {
      r.key.interestOps(r.interest());
      return;
    }
    buffer.clear();
    buffer.limit((int) Math.min(credit, buffer.capacity()));
    int n;
    try {
      n = ((SocketChannel) r.channel).read(buffer);
    } catch (IOException e) {
      r.end();
      r.socket.tell(new Failed(e));
      return;
    }
    if (n > 0) {
      buffer.flip();
      ByteString data = ByteString.fromByteBuffer(buffer);
      long left = r.credit.addAndGet(-n);
      r.socket.tell(new Read(data));
      if (left <= 0) r.key.interestOps(r.interest());
    } else if (n < 0) {
      r.endOfStream = true;
      r.end();
      r.socket.tell(EndOfStream.INSTANCE);
    }
  }

  /**
   * Receives whole datagrams while the registration has credit, at most {@value
   * #MAX_DATAGRAMS_PER_READ}, and sends them as one {@link DatagramsRead}. The last one may take
   * the credit below zero: a datagram is never split or left half read.
   */
  private void receiveDatagrams(Registration r, DatagramChannel channel) {
    if (datagramBuffer == null) datagramBuffer = ByteBuffer.allocateDirect(DATAGRAM_BUFFER);
    List<DatagramIndication> read = null;
    long left = r.credit.get();
    try {
      while (left > 0 && (read == null || read.size() < MAX_DATAGRAMS_PER_READ)) {
        datagramBuffer.clear();
        InetSocketAddress sender = (InetSocketAddress) channel.receive(datagramBuffer);
        if (sender == null) break;
        datagramBuffer.flip();
        ByteString data = ByteString.fromByteBuffer(datagramBuffer);
        left = r.credit.addAndGet(-Math.max(1, data.size()));
        if (read == null) read = new ArrayList<>(4);
        read.add(new DatagramIndication(data, sender, 0));
      }
    } catch (IOException e) {
      if (read != null) r.socket.tell(new DatagramsRead(read));
      r.end();
      r.socket.tell(new Failed(e));
      return;
    }
    if (read != null) r.socket.tell(new DatagramsRead(read));
    if (left <= 0) r.key.interestOps(r.interest());
  }

  /**
   * Stops the thread and closes the selector, not the channels: Pekko IO closes its own, and the
   * sockets close the runtime's own with {@link #closeChannel} when they stop.
   */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
  }
}
