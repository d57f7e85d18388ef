package org.wskactors.samples.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A full-screen terminal program (irssi) in a detached {@code tmux} session on a private tmux
 * server ({@code tmux -S DIR/tmux.sock}, so the test never touches a user's sessions): keys go in
 * with {@code send-keys}, the screen comes out with {@code capture-pane -p}.
 */
final class RealClientTmux implements AutoCloseable {
  /** The bound on each tmux command. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  final Path socket;
  final String session;
  private final Path dir;

  private RealClientTmux(Path dir, String session) {
    this.dir = dir;
    this.socket = dir.resolve("tmux.sock");
    this.session = session;
  }

  /**
   * Starts {@code command} (one shell command line) in a new detached 200x60 session named {@code
   * session} on a tmux server with its socket in {@code dir}.
   */
  static RealClientTmux start(Path dir, String session, String command) throws IOException {
    Files.createDirectories(dir);
    RealClientTmux t = new RealClientTmux(dir, session);
    t.tmux("new-session", "-d", "-x", "200", "-y", "60", "-s", session, command);
    return t;
  }

  /** Types {@code text} literally, then Enter. */
  void typeLine(String text) throws IOException {
    tmux("send-keys", "-t", session, "-l", text);
    tmux("send-keys", "-t", session, "Enter");
  }

  /** The visible screen, one string per row. */
  List<String> screen() throws IOException {
    return tmux("capture-pane", "-p", "-t", session).lines().toList();
  }

  /** Waits until a row of the screen matches; returns it. */
  String awaitScreen(Predicate<String> row, Duration timeout) {
    return RealClientFiles.await(
        () -> {
          try {
            return screen().stream().filter(row).findFirst().orElse(null);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        timeout,
        () -> {
          String failure = "no matching row on the screen within " + timeout;
          try {
            return failure + ":\n" + String.join("\n", screen());
          } catch (IOException | RuntimeException e) {
            return failure + " (capture failed: " + e + ")";
          }
        });
  }

  /** Runs {@code tmux -S socket args...}, bounded; returns stdout, fails on a non-zero exit. */
  String tmux(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "tmux", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
    pb.environment().putIfAbsent("TERM", "xterm-256color");
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes(); // ends when tmux exits
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("tmux " + String.join(" ", args) + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "tmux "
                + String.join(" ", args)
                + " exited with "
                + p.exitValue()
                + ": "
                + Files.readString(err).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(err);
    }
  }

  /** Kills the private tmux server and with it the program in the session. */
  @Override
  public void close() {
    try {
      tmux("kill-server");
    } catch (IOException ignored) {
      // already gone (the program exited and the server with it)
    }
  }
}
