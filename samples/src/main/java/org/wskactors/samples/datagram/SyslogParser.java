package org.wskactors.samples.datagram;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one syslog datagram into a {@link SyslogMessage}: a pure function, used by {@link
 * SyslogCollector} for every datagram it receives, that never throws on bad input.
 *
 * <p>Both syntaxes start with {@code <PRI>}, 1 to 3 digits for 0 to 191 (facility * 8 + severity).
 * Then:
 *
 * <ul>
 *   <li><b>RFC 5424</b> when the PRI is followed by a version and a space: {@code <PRI>1 TIMESTAMP
 *       HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [SP MSG]}. Each header field is {@code -}
 *       (NILVALUE, read as null) or printable US-ASCII up to the RFC's length (255, 48, 128, 32);
 *       the TIMESTAMP is an RFC 3339 date-time; STRUCTURED-DATA is {@code -} or one or more {@code
 *       [SD-ID PARAM="VALUE" ...]} elements whose values escape {@code "}, {@code \} and {@code ]}
 *       with a backslash. It is kept as received. A UTF-8 byte order mark before MSG is dropped.
 *       Versions other than 1 are malformed.
 *   <li><b>RFC 3164</b> otherwise, with the variants real senders use: {@code <PRI>Mmm dd hh:mm:ss
 *       HOSTNAME TAG[PID]: MSG} where the day may be space- or zero-padded, the time may have a
 *       fraction and a year may follow the day; an RFC 3339 timestamp instead (rsyslog's forward
 *       format); no HOSTNAME when the word after the timestamp already is a {@code TAG:} (glibc
 *       {@code syslog()}, busybox, older util-linux {@code logger}); no TAG (the rest is the MSG);
 *       and no timestamp at all (the whole text after the PRI is the content, RFC 3164 section
 *       4.3.3).
 * </ul>
 *
 * <p>Trailing line ends and NULs, which many senders append, are removed. The datagram must be
 * valid UTF-8 (US-ASCII is). Everything else that does not fit gives {@link Malformed} with the
 * reason and the datagram in escaped, length-capped text ({@link #escape}), ready to log.
 */
public final class SyslogParser {
  private SyslogParser() {}

  /** The largest PRI value: facility 23 ({@code local7}), severity 7 ({@code debug}). */
  public static final int MAX_PRI = 191;

  /** How many bytes of a malformed datagram {@link Malformed#raw()} shows. */
  public static final int RAW_LIMIT = 256;

  /** The outcome of {@link #parse}. */
  public sealed interface Result {}

  /**
   * The datagram was a syslog message.
   *
   * @param message the message
   */
  public record Parsed(SyslogMessage message) implements Result {}

  /**
   * The datagram was not a syslog message.
   *
   * @param reason what is wrong, such as {@code no PRI} or {@code PRI 192 is out of range 0-191}
   * @param raw the datagram as text for a log: escaped by {@link #escape} and capped at {@link
   *     #RAW_LIMIT} bytes
   * @param size the datagram's size in bytes
   */
  public record Malformed(String reason, String raw, int size) implements Result {}

  /**
   * Parses a datagram.
   *
   * @param datagram the datagram's bytes
   * @param sender where it came from, copied into the message; may be null
   * @return {@link Parsed} or {@link Malformed}, never null, never an exception
   */
  public static Result parse(byte[] datagram, InetSocketAddress sender) {
    if (datagram == null || datagram.length == 0) return malformed("empty datagram", new byte[0]);
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(datagram);
    CharBuffer out = CharBuffer.allocate(datagram.length);
    CoderResult r = utf8.decode(in, out, true);
    if (!r.isError()) r = utf8.flush(out);
    if (r.isError()) return malformed("invalid UTF-8 at byte " + in.position(), datagram);
    out.flip();
    String text = stripTrailing(out.toString());
    try {
      return new Reader(text, sender).message();
    } catch (Bad bad) {
      return malformed(bad.getMessage(), datagram);
    }
  }

  /**
   * A datagram as text for a log line: printable US-ASCII as is except {@code \} as {@code \\};
   * tab, line feed and carriage return as {@code \t}, {@code \n}, {@code \r}; every other byte
   * (controls, and each byte of non-ASCII characters) as {@code \xNN}. The first {@code limit}
   * bytes are shown, followed by {@code ...} when there were more.
   *
   * @param bytes the datagram
   * @param limit the most bytes to show
   * @return the text, one line
   */
  public static String escape(byte[] bytes, int limit) {
    int n = Math.min(bytes.length, Math.max(0, limit));
    StringBuilder sb = new StringBuilder(n + 16);
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      switch (b) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> {
          if (b >= 0x20 && b < 0x7f) {
            sb.append((char) b);
          } else {
            sb.append("\\x")
                .append(Character.forDigit(b >> 4, 16))
                .append(Character.forDigit(b & 0xf, 16));
          }
        }
      }
    }
    if (bytes.length > n) sb.append("...");
    return sb.toString();
  }

  /**
   * Text for a log line: control characters (such as line feeds that could forge log lines) as
   * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uNNNN}, and {@code \} as {@code \\};
   * everything else, including non-ASCII letters, as is.
   *
   * @param s the text, may be null
   * @return the escaped text, {@code -} for null
   */
  public static String escapeText(String s) {
    if (s == null) return "-";
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep =
          switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default ->
                Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c)
                    : null;
          };
      if (rep == null) {
        if (sb != null) sb.append(c);
      } else {
        if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        sb.append(rep);
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static Malformed malformed(String reason, byte[] datagram) {
    return new Malformed(reason, escape(datagram, RAW_LIMIT), datagram.length);
  }

  /** Removes the line ends and NULs that many senders put at the end of a datagram. */
  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0) {
      char c = s.charAt(end - 1);
      if (c != '\n' && c != '\r' && c != '\0') break;
      end--;
    }
    return s.substring(0, end);
  }

  /** Thrown inside the parser for input that does not fit; its message is the reason. */
  private static final class Bad extends Exception {
    Bad(String reason) {
      super(reason, null, false, false);
    }
  }

  // ---- RFC 3164 patterns ----------------------------------------------------------------------

  private static final String MONTHS = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

  /** {@code Mmm dd hh:mm:ss}, day space- or zero-padded or not, optional year and fraction. */
  private static final Pattern BSD_TIMESTAMP =
      Pattern.compile(
          MONTHS
              + " {1,2}(?:0?[1-9]|[12][0-9]|3[01])(?: [0-9]{4})? (?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]{1,9})?(?= |$)");

  /** Something that claims to be a BSD timestamp: a month name, spaces, a digit. */
  private static final Pattern BSD_TIMESTAMP_START = Pattern.compile(MONTHS + " +[0-9]");

  /** An RFC 3339 date-time; its zone is optional in RFC 3164 variants. */
  private static final Pattern ISO_TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?(?= |$)");

  /** An RFC 5424 TIMESTAMP: RFC 3339 with a zone and at most 6 fraction digits. */
  private static final Pattern RFC5424_TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])");

  /** {@code TAG:} or {@code TAG[PID]:} followed by a space or the end. */
  private static final Pattern TAG =
      Pattern.compile("([^\\s\\[\\]:]{1,48})(?:\\[([^\\s\\[\\]]{1,128})\\])?:(?: |$)");

  /** A version after the PRI: RFC 5424's {@code 1 }, or another one we do not know. */
  private static final Pattern VERSION = Pattern.compile("([1-9][0-9]{0,2})(?: |$)");

  /** A cursor over the text of one datagram. */
  private static final class Reader {
    private final String s;
    private final InetSocketAddress sender;
    private int pos;
    private int facility;
    private int severity;

    Reader(String s, InetSocketAddress sender) {
      this.s = s;
      this.sender = sender;
    }

    Result message() throws Bad {
      readPri();
      if (pos == s.length()) throw new Bad("truncated: nothing after the PRI");
      Matcher v = VERSION.matcher(s).region(pos, s.length());
      if (v.lookingAt()) {
        if (!v.group(1).equals("1")) throw new Bad("unsupported syslog version " + v.group(1));
        pos = v.end();
        return new Parsed(rfc5424());
      }
      return new Parsed(rfc3164());
    }

    private void readPri() throws Bad {
      if (s.isEmpty() || s.charAt(0) != '<') throw new Bad("no PRI: does not start with '<'");
      int close = s.indexOf('>', 1);
      if (close < 0) {
        throw new Bad(s.length() <= 4 ? "truncated PRI" : "bad PRI: no '>' after '<'");
      }
      String digits = s.substring(1, close);
      if (digits.isEmpty()) throw new Bad("bad PRI: empty");
      if (digits.length() > 3) throw new Bad("bad PRI: more than 3 characters");
      for (int i = 0; i < digits.length(); i++) {
        if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
          throw new Bad("bad PRI: not a number");
        }
      }
      int pri = Integer.parseInt(digits);
      if (pri > MAX_PRI) throw new Bad("PRI " + pri + " is out of range 0-" + MAX_PRI);
      facility = pri / 8;
      severity = pri % 8;
      pos = close + 1;
    }

    // ---- RFC 5424 ----------------------------------------------------------------------------

    private SyslogMessage rfc5424() throws Bad {
      String timestamp = headerField("TIMESTAMP", 64);
      if (timestamp != null && !RFC5424_TIMESTAMP.matcher(timestamp).matches()) {
        throw new Bad("bad TIMESTAMP '" + timestamp + "'");
      }
      String hostname = headerField("HOSTNAME", 255);
      String appName = headerField("APP-NAME", 48);
      String procId = headerField("PROCID", 128);
      String msgId = headerField("MSGID", 32);
      String structuredData = structuredData();
      String message;
      if (pos == s.length()) {
        message = "";
      } else if (s.charAt(pos) == ' ') {
        message = s.substring(pos + 1);
        if (message.startsWith("\uFEFF")) message = message.substring(1);
      } else {
        throw new Bad("no space between STRUCTURED-DATA and MSG");
      }
      return new SyslogMessage(
          facility,
          severity,
          SyslogMessage.Format.RFC5424,
          timestamp,
          hostname,
          appName,
          procId,
          msgId,
          structuredData,
          message,
          sender);
    }

    /** A header field and the space after it; null for the NILVALUE. */
    private String headerField(String name, int maxLength) throws Bad {
      int sp = s.indexOf(' ', pos);
      if (sp < 0) throw new Bad("truncated RFC 5424 header: no space after " + name);
      String value = s.substring(pos, sp);
      if (value.isEmpty()) throw new Bad("empty " + name);
      if (value.length() > maxLength) {
        throw new Bad(name + " longer than " + maxLength + " characters");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 33 || c > 126) throw new Bad(name + " is not printable US-ASCII");
      }
      pos = sp + 1;
      return value.equals("-") ? null : value;
    }

    /** STRUCTURED-DATA as received; null for the NILVALUE. */
    private String structuredData() throws Bad {
      if (pos == s.length()) throw new Bad("truncated RFC 5424 header: no STRUCTURED-DATA");
      char c = s.charAt(pos);
      if (c == '-') {
        pos++;
        return null;
      }
      if (c != '[') throw new Bad("bad STRUCTURED-DATA: expected '-' or '['");
      int start = pos;
      while (pos < s.length() && s.charAt(pos) == '[') sdElement();
      return s.substring(start, pos);
    }

    /** {@code [SD-ID *(SP PARAM-NAME="PARAM-VALUE")]}, with pos at the '['. */
    private void sdElement() throws Bad {
      pos++; // '['
      sdName("SD-ID");
      while (true) {
        if (pos == s.length()) throw new Bad("truncated STRUCTURED-DATA");
        char c = s.charAt(pos);
        if (c == ']') {
          pos++;
          return;
        }
        if (c != ' ') throw new Bad("bad STRUCTURED-DATA at character " + pos);
        pos++;
        sdName("PARAM-NAME");
        if (pos == s.length()) throw new Bad("truncated STRUCTURED-DATA");
        if (s.charAt(pos) != '=') throw new Bad("bad STRUCTURED-DATA: expected '=' at " + pos);
        pos++;
        if (pos == s.length()) throw new Bad("truncated STRUCTURED-DATA");
        if (s.charAt(pos) != '"') throw new Bad("bad STRUCTURED-DATA: expected '\"' at " + pos);
        pos++;
        paramValue();
      }
    }

    /** An SD-NAME: 1 to 32 printable US-ASCII except {@code = SP ] "}. */
    private void sdName(String what) throws Bad {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '=' || c == ' ' || c == ']' || c == '"') break;
        if (c < 33 || c > 126) throw new Bad(what + " is not printable US-ASCII");
        pos++;
      }
      if (pos == s.length()) throw new Bad("truncated STRUCTURED-DATA");
      int length = pos - start;
      if (length == 0) throw new Bad("empty " + what + " at character " + start);
      if (length > 32) throw new Bad(what + " longer than 32 characters");
    }

    /** A PARAM-VALUE up to its closing quote, which pos ends after; escapes {@code \" \\ \]}. */
    private void paramValue() throws Bad {
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\') {
          if (pos == s.length()) break;
          pos++; // the escaped character (or, for other characters, a literal backslash pair)
        } else if (c == '"') {
          return;
        } else if (c == ']') {
          throw new Bad("bad STRUCTURED-DATA: unescaped ']' in PARAM-VALUE");
        }
      }
      throw new Bad("truncated STRUCTURED-DATA: PARAM-VALUE not closed");
    }

    // ---- RFC 3164 ----------------------------------------------------------------------------

    private SyslogMessage rfc3164() throws Bad {
      String timestamp = null;
      Matcher bsd = BSD_TIMESTAMP.matcher(s).region(pos, s.length());
      Matcher iso = ISO_TIMESTAMP.matcher(s).region(pos, s.length());
      if (bsd.lookingAt()) {
        timestamp = s.substring(pos, bsd.end());
        pos = bsd.end();
      } else if (iso.lookingAt()) {
        timestamp = s.substring(pos, iso.end());
        pos = iso.end();
      } else if (BSD_TIMESTAMP_START.matcher(s).region(pos, s.length()).lookingAt()) {
        throw new Bad("bad RFC 3164 TIMESTAMP");
      }
      String hostname = null;
      if (timestamp != null) {
        skipSpaces();
        if (pos == s.length()) throw new Bad("truncated RFC 3164 message: nothing after TIMESTAMP");
        // A HOSTNAME, unless the sender left it out and the TAG follows the timestamp at once.
        if (!TAG.matcher(s).region(pos, s.length()).lookingAt()) {
          int sp = s.indexOf(' ', pos);
          int end = sp < 0 ? s.length() : sp;
          hostname = s.substring(pos, end);
          pos = end;
          skipSpaces();
        }
      }
      String appName = null;
      String procId = null;
      Matcher tag = TAG.matcher(s).region(pos, s.length());
      if (tag.lookingAt()) {
        appName = tag.group(1);
        procId = tag.group(2);
        pos = tag.end();
      }
      return new SyslogMessage(
          facility,
          severity,
          SyslogMessage.Format.RFC3164,
          timestamp,
          hostname,
          appName,
          procId,
          null,
          null,
          s.substring(pos),
          sender);
    }

    private void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') pos++;
    }
  }
}
