package org.wskactors.samples.chat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One running suckless {@code ii} process (Debian package {@code ii}), the file-based IRC client,
 * driven through its files.
 *
 * <p>{@code ii -s HOST -p PORT -n NICK -i DIR} connects, sends NICK and USER, and keeps the tree
 * {@code DIR/HOST/}: {@code in} (a FIFO for commands such as {@code /j #chan}, {@code /n nick},
 * {@code /q reason}, or raw IRC lines) and {@code out} (server messages, joins, nick changes,
 * quits, each as {@code <unix time> <text>}), and for every channel or query peer a subdirectory
 * (lower-cased name) with its own {@code in} (each line is sent as PRIVMSG) and {@code out} ({@code
 * <nick> text}, {@code -!- nick(user@host) has joined #chan}).
 *
 * <p>ii re-opens a FIFO each time its last writer closes it, and a line written between ii's EOF
 * and that re-open is lost; so this class opens each FIFO once and keeps it open until {@link
 * #close()}. Opening a FIFO blocks until it has a reader; every open and write here is bounded.
 */
final class RealClientIi implements AutoCloseable {
  /** The bound on opening a FIFO, writing to it, and on the process's exit. */
  static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

  final String nick;
  final Path prefix;
  final Path serverDir;
  final Process process;
  private final ExecutorService writer;
  private final Map<Path, OutputStream> fifos = new HashMap<>();

  private RealClientIi(String nick, Path prefix, Path serverDir, Process process) {
    this.nick = nick;
    this.prefix = prefix;
    this.serverDir = serverDir;
    this.process = process;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ii-" + nick + "-fifo-writer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts {@code ii -s host -p port -n nick -i prefix}, with its stdout (every server line) and
   * stderr in {@code prefix/ii.stdout} and {@code prefix/ii.stderr}, and waits until its {@code in}
   * FIFO exists (ii creates it after connecting, right before it sends NICK and USER).
   */
  static RealClientIi start(String host, int port, String nick, Path prefix) throws IOException {
    Files.createDirectories(prefix);
    Process p =
        new ProcessBuilder(
                List.of(
                    "ii",
                    "-s",
                    host,
                    "-p",
                    Integer.toString(port),
                    "-n",
                    nick,
                    "-f",
                    "ii user " + nick,
                    "-i",
                    prefix.toString()))
            .redirectOutput(prefix.resolve("ii.stdout").toFile())
            .redirectError(prefix.resolve("ii.stderr").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    RealClientIi ii = new RealClientIi(nick, prefix, prefix.resolve(host), p);
    try {
      RealClientFiles.await(
          () -> {
            if (Files.exists(ii.serverDir.resolve("in"))) return Boolean.TRUE;
            if (!p.isAlive()) {
              throw new AssertionError(
                  "ii " + nick + " exited with " + p.exitValue() + ": " + ii.stderr());
            }
            return null;
          },
          IO_TIMEOUT,
          () -> "ii " + nick + " did not create " + ii.serverDir.resolve("in"));
    } catch (RuntimeException | Error e) {
      ii.close();
      throw e;
    }
    return ii;
  }

  /** The server directory's {@code out}: server texts, nick changes and quits. */
  Path serverOut() {
    return serverDir.resolve("out");
  }

  /** The {@code out} of a channel or a query peer (ii lower-cases the directory name). */
  Path out(String channelOrNick) {
    return serverDir.resolve(channelOrNick.toLowerCase(Locale.ROOT)).resolve("out");
  }

  /** Writes a line (a command such as {@code /j #chan}, or a raw IRC line) to the server FIFO. */
  void command(String line) throws IOException {
    write(serverDir.resolve("in"), line);
  }

  /** Says {@code text} in a channel (or to a query peer) ii has joined: a PRIVMSG. */
  void say(String channelOrNick, String text) throws IOException {
    write(serverDir.resolve(channelOrNick.toLowerCase(Locale.ROOT)).resolve("in"), text);
  }

  /** Waits for a line in {@code out}. */
  String await(Path out, Predicate<String> line, Duration timeout) {
    return RealClientFiles.awaitLine(out, line, timeout);
  }

  /** ii's stderr so far. */
  String stderr() {
    return String.join("\n", RealClientFiles.lines(prefix.resolve("ii.stderr")));
  }

  /** ii's stdout so far: every line the server sent. */
  String received() {
    return String.join("\n", RealClientFiles.lines(prefix.resolve("ii.stdout")));
  }

  /** Waits for ii to exit by itself (after {@code /q}); returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("ii " + nick + " still running after " + timeout);
    }
    return process.exitValue();
  }

  private void write(Path fifo, String line) throws IOException {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("one line only: " + line);
    }
    // The FIFO appears when ii creates it (the server's at start, a channel's on /j).
    RealClientFiles.await(
        () -> Files.exists(fifo) ? Boolean.TRUE : null,
        IO_TIMEOUT,
        () -> "no FIFO " + fifo + "; ii alive: " + process.isAlive() + ", stderr: " + stderr());
    Future<?> done =
        writer.submit(
            () -> {
              OutputStream out = fifos.get(fifo);
              if (out == null) {
                out = Files.newOutputStream(fifo); // blocks until ii has it open for reading
                fifos.put(fifo, out);
              }
              out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
              return null;
            });
    try {
      done.get(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      done.cancel(true);
      throw new AssertionError("writing to " + fifo + " took over " + IO_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("writing '" + line + "' to " + fifo, e.getCause());
    }
  }

  /**
   * Closes the FIFOs, stops ii (SIGTERM, then SIGKILL after {@link #IO_TIMEOUT}) and the writer
   * thread. The directory stays for the caller to delete.
   */
  @Override
  public void close() {
    if (process.isAlive()) process.destroy();
    try {
      if (!process.waitFor(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    // With ii gone, a writer still blocked in open() could only be stuck for good: stop it.
    writer.shutdownNow();
    try {
      writer.awaitTermination(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (OutputStream out : fifos.values()) {
      try {
        out.close();
      } catch (IOException ignored) {
        // ii is gone: closing a FIFO without reader may fail, nothing to clean up then
      }
    }
    fifos.clear();
  }
}
