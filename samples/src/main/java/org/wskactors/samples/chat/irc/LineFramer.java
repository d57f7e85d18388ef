package org.wskactors.samples.chat.irc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a client's byte stream into IRC lines (RFC 1459 section 2.3): a line ends at CR LF, and a
 * bare LF or bare CR ends it too (clients differ; a lone CR is never passed on, so it cannot split
 * a line in another client). Empty lines are skipped.
 *
 * <p>A line may hold at most {@code maxLineBytes - 2} bytes before its CR LF (510 for IRC's 512).
 * When a line grows past that the framer reports {@link Kind#TOO_LONG} once, then drops bytes until
 * the line ends, so a client sending megabytes without a line feed costs no memory. A line holding
 * a NUL byte is reported as {@link Kind#NUL} and not decoded. Bytes that are not valid UTF-8 are
 * decoded to U+FFFD; that is never an error.
 *
 * <p>The framer keeps at most one partial line; the caller feeds it the buffers of each received
 * chunk in order through {@link #next(ByteBuffer)} and may stop between frames (to throttle) and
 * resume later with the same buffer. Not thread-safe; one per connection.
 */
public final class LineFramer {

  /** What {@link #next} found. */
  public enum Kind {
    /** A complete line, in {@link Frame#line()}. */
    LINE,
    /** The current line passed the limit; the rest of it will be dropped. */
    TOO_LONG,
    /** A complete line holding a NUL byte; dropped. */
    NUL
  }

  /**
   * One result of the framer.
   *
   * @param kind what was found
   * @param line the decoded line for {@link Kind#LINE}, else null
   */
  public record Frame(Kind kind, String line) {}

  private final byte[] buffer;
  private int length;
  private boolean overflowing;
  private boolean sawNul;

  /**
   * A framer for lines of at most {@code maxLineBytes} including CR LF.
   *
   * @param maxLineBytes the limit, at least 3 (IRC: 512)
   */
  public LineFramer(int maxLineBytes) {
    if (maxLineBytes < 3) throw new IllegalArgumentException("maxLineBytes must be at least 3");
    this.buffer = new byte[maxLineBytes - 2];
  }

  /**
   * Takes bytes from {@code data} (advancing its position) until one frame is complete.
   *
   * @param data the received bytes
   * @return the frame, or null when every remaining byte was taken without completing one
   */
  public Frame next(ByteBuffer data) {
    while (data.hasRemaining()) {
      byte b = data.get();
      if (b == '\n' || b == '\r') {
        if (overflowing) {
          overflowing = false;
          continue;
        }
        if (length == 0 && !sawNul) continue; // empty line, or the LF of CR LF
        Frame f =
            sawNul
                ? new Frame(Kind.NUL, null)
                : new Frame(Kind.LINE, new String(buffer, 0, length, StandardCharsets.UTF_8));
        length = 0;
        sawNul = false;
        return f;
      }
      if (overflowing) continue;
      if (length == buffer.length) {
        overflowing = true;
        length = 0;
        sawNul = false;
        return new Frame(Kind.TOO_LONG, null);
      }
      if (b == 0) sawNul = true;
      buffer[length++] = b;
    }
    return null;
  }

  /**
   * Bytes of the partial line held.
   *
   * @return at most {@code maxLineBytes - 2}
   */
  public int buffered() {
    return length;
  }
}
