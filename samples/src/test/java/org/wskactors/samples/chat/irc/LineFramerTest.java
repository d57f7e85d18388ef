package org.wskactors.samples.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LineFramer}: line ends (CR LF, bare LF, bare CR), empty lines, the 512-byte limit (510
 * bytes before CR LF) answered once per long line, NUL lines, invalid UTF-8, and input split at
 * every possible point giving the same frames.
 */
class LineFramerTest {

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  static byte[] repeat(char c, int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** Frames as text: the line, or {@code <TOO_LONG>} / {@code <NUL>}. */
  static List<String> frames(LineFramer framer, byte[]... chunks) {
    List<String> out = new ArrayList<>();
    for (byte[] chunk : chunks) {
      ByteBuffer buf = ByteBuffer.wrap(chunk);
      LineFramer.Frame f;
      while ((f = framer.next(buf)) != null) {
        out.add(f.kind() == LineFramer.Kind.LINE ? f.line() : "<" + f.kind() + ">");
      }
      assertEquals(0, buf.remaining(), "every byte is taken");
    }
    return out;
  }

  static Arguments row(String name, byte[] input, String... expected) {
    return Arguments.of(name, input, List.of(expected));
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row("CR LF", bytes("NICK a\r\nUSER b\r\n"), "NICK a", "USER b"),
        row("bare LF", bytes("NICK a\nUSER b\n"), "NICK a", "USER b"),
        row("bare CR", bytes("NICK a\rUSER b\r"), "NICK a", "USER b"),
        row("mixed and empty lines", bytes("\r\n\r\nA\n\nB\r\r\n"), "A", "B"),
        row("no terminator yet", bytes("PRIVMSG #a :partial")),
        row("exactly 510 bytes", concat(repeat('x', 510), bytes("\r\n")), "x".repeat(510)),
        row(
            "511 bytes: too long, then the next line",
            concat(repeat('x', 511), bytes("\r\nPING a\r\n")),
            "<TOO_LONG>",
            "PING a"),
        row(
            "a megabyte without terminator reported once",
            concat(repeat('y', 1 << 20), bytes("\nPING b\n")),
            "<TOO_LONG>",
            "PING b"),
        row("NUL inside", bytes("PRIVMSG #a :x\0y\r\nPING c\r\n"), "<NUL>", "PING c"),
        row("only NUL", bytes("\0\r\n"), "<NUL>"),
        row(
            "invalid UTF-8 replaced",
            concat(bytes("PRIVMSG #a :"), new byte[] {(byte) 0xff, (byte) 0xc3}, bytes("\r\n")),
            "PRIVMSG #a :\uFFFD\uFFFD"),
        row(
            "UTF-8 kept",
            "PRIVMSG #a :h\u00e9llo \u2603\r\n".getBytes(StandardCharsets.UTF_8),
            "PRIVMSG #a :h\u00e9llo \u2603"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void framesTheTable(String name, byte[] input, List<String> expected) {
    assertEquals(expected, frames(new LineFramer(512), input), name);
  }

  /** Any split of the input into two chunks gives the same frames as one chunk. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void framesTheSameWhateverTheChunking(String name, byte[] input, List<String> expected) {
    if (input.length > 4096) return; // the megabyte row: covered in one piece
    for (int cut = 0; cut <= input.length; cut++) {
      byte[] a = Arrays.copyOfRange(input, 0, cut);
      byte[] b = Arrays.copyOfRange(input, cut, input.length);
      assertEquals(expected, frames(new LineFramer(512), a, b), name + " cut at " + cut);
    }
  }

  @Test
  void stopsAfterEachFrameSoTheCallerCanThrottle() {
    LineFramer framer = new LineFramer(512);
    ByteBuffer buf = ByteBuffer.wrap(bytes("A\r\nB\r\nC"));
    assertEquals("A", framer.next(buf).line());
    assertTrue(buf.hasRemaining(), "B and C are left for later");
    assertEquals("B", framer.next(buf).line());
    assertNull(framer.next(buf), "C is not complete");
    assertEquals(1, framer.buffered());
    assertEquals("CD", framer.next(ByteBuffer.wrap(bytes("D\n"))).line());
  }

  /** Random bytes never make the framer hold more than one line or throw. */
  @Test
  void randomBytesKeepTheBufferBounded() {
    Random random = new Random(1459);
    LineFramer framer = new LineFramer(512);
    for (int round = 0; round < 200; round++) {
      byte[] chunk = new byte[random.nextInt(4096)];
      random.nextBytes(chunk);
      ByteBuffer buf = ByteBuffer.wrap(chunk);
      LineFramer.Frame f;
      while ((f = framer.next(buf)) != null) {
        if (f.kind() == LineFramer.Kind.LINE) {
          assertTrue(f.line().length() <= 510, "a line is at most 510 bytes");
          assertTrue(f.line().indexOf('\r') < 0 && f.line().indexOf('\n') < 0);
        }
      }
      assertTrue(framer.buffered() <= 510);
    }
  }
}
