package org.wskactors.samples.chat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * File and tool helpers of {@link RealIrcClientTest}: find an executable on the PATH, and wait
 * (bounded) for a line in a file another process appends to, such as an {@code ii} {@code out}
 * file.
 */
final class RealClientFiles {
  private RealClientFiles() {}

  /** How often {@link #await} re-checks: a poll interval, not a synchronization delay. */
  static final Duration POLL = Duration.ofMillis(20);

  /** True when {@code tool} is an executable file in one of the PATH's directories. */
  static boolean installed(String tool) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  /** The lines of {@code file}, decoded leniently (bad bytes become U+FFFD); none if absent. */
  static List<String> lines(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Re-reads {@code file} until one of its lines matches, at most {@code timeout}.
   *
   * @return the first matching line
   * @throws AssertionError on timeout, with the file's content
   */
  static String awaitLine(Path file, Predicate<String> line, Duration timeout) {
    return await(
        () -> lines(file).stream().filter(line).findFirst().orElse(null),
        timeout,
        () -> "no matching line in " + file + " within " + timeout + "; it holds:\n" + dump(file));
  }

  /**
   * Polls {@code probe} until it returns non-null, at most {@code timeout}.
   *
   * @param failure the message of the {@link AssertionError} thrown on timeout
   * @return the first non-null result
   */
  static <T> T await(Supplier<T> probe, Duration timeout, Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T result = probe.get();
      if (result != null) return result;
      if (System.nanoTime() - deadline >= 0) throw new AssertionError(failure.get());
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** The file's content for a failure message. */
  static String dump(Path file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? "  (nothing, or no such file)" : "  " + String.join("\n  ", lines);
  }

  /** Deletes {@code dir} and everything under it, ignoring what cannot be deleted. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort: a leftover temp file is no test failure
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
