package org.wskactors.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API: a selector thread of the runtime's own that reads connection sockets' channels and
 * sends what it reads straight to the socket actors, without Pekko IO's connection actor in between
 * (see {@code wsk-actors.connection.selector-reads}).
 *
 * <p>Pekko IO still owns each channel (connect, accept, writes it could not finish at once, close)
 * and keeps it registered with its own selector; a pull-mode Pekko IO connection never asks that
 * selector for reads unless it is sent {@code ResumeReading}, so the channel is read by exactly one
 * side. Reads are credit-based: the socket actor {@linkplain Registration#grant grants} the bytes
 * its receive window has room for, the selector thread reads at most that many and stops selecting
 * the channel for reads when the credit is used up, so the window bounds memory exactly as before.
 * The end of the stream and read errors end the registration and are reported to the socket, which
 * hands the rest of the connection's life back to Pekko IO.
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

  /** One channel registered for reads; handed to the socket actor that owns the channel. */
  public static final class Registration {
    private final ReadSelector owner;
    private final SocketChannel channel;
    private final ActorRef<Object> socket;
    private final AtomicLong credit = new AtomicLong();
    private SelectionKey key; // selector thread only
    private boolean ended; // selector thread only

    private Registration(ReadSelector owner, SocketChannel channel, ActorRef<Object> socket) {
      this.owner = owner;
      this.channel = channel;
      this.socket = socket;
    }

    /**
     * Allows {@code bytes} more to be read. Called by the socket actor; arms the channel when its
     * credit had run out.
     *
     * @param bytes how many more bytes the socket can take, more than 0
     */
    public void grant(long bytes) {
      if (credit.getAndAdd(bytes) <= 0) {
        if (owner.inLoop()) arm();
        else owner.execute(this::arm);
      }
    }

    /** Stops reading for good (the socket closes or hands reading back). Idempotent. */
    public void cancel() {
      owner.execute(this::end);
    }

    private void arm() {
      if (ended || credit.get() <= 0) return;
      try {
        if (key == null) {
          key = channel.register(owner.selector, SelectionKey.OP_READ, this);
        } else {
          key.interestOps(SelectionKey.OP_READ);
        }
      } catch (ClosedChannelException | CancelledKeyException e) {
        // Pekko IO closed the channel (reset, abort, close): the socket hears it from Pekko IO.
        ended = true;
      } catch (RuntimeException e) {
        // Not expected (the channel is a connected, non-blocking socket channel); reading it
        // cannot start, so the connection ends with a status rather than waiting for bytes.
        end();
        socket.tell(new Failed(new IOException("read selector registration failed: " + e, e)));
      }
    }

    private void end() {
      ended = true;
      if (key != null) key.cancel();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReadSelector.class);
  private static final int MAX_TASKS_PER_ROUND = 1024;

  private final Selector selector;
  private final ByteBuffer buffer;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Thread thread;
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
    return new Registration(this, channel, socket);
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
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          read((Registration) k.attachment());
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
    long credit = r.credit.get();
    if (credit <= 0) {
      r.key.interestOps(0);
      return;
    }
    buffer.clear();
    buffer.limit((int) Math.min(credit, buffer.capacity()));
    int n;
    try {
      n = r.channel.read(buffer);
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
      if (left <= 0) r.key.interestOps(0);
    } else if (n < 0) {
      r.end();
      r.socket.tell(EndOfStream.INSTANCE);
    }
  }

  /** Stops the thread and closes the selector (not the channels: Pekko IO owns them). */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
  }
}
