package org.wskactors.samples.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wskactors.samples.datagram.SyslogMessage.Format.RFC3164;
import static org.wskactors.samples.datagram.SyslogMessage.Format.RFC5424;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/**
 * {@link SyslogParser} on a table of real-world lines of both syntaxes (the RFC examples, what
 * util-linux {@code logger}, rsyslog, glibc {@code syslog()}, busybox, sshd, postfix, the kernel
 * and network gear send), edge cases, and malformed datagrams that must give {@link
 * SyslogParser.Malformed} with a reason instead of an exception.
 */
class SyslogParserTest {
  /** The sender given to the parser. */
  static final InetSocketAddress SENDER = new InetSocketAddress("192.0.2.10", 51514);

  /** The byte order mark, U+FEFF. */
  static final String BOM = "\uFEFF";

  /** The UTF-8 bytes of {@code s}. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The parts, one after the other. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** A line that parses into the given fields (null: absent or NILVALUE). */
  static Arguments ok(
      String name,
      byte[] input,
      int facility,
      int severity,
      SyslogMessage.Format format,
      String timestamp,
      String hostname,
      String appName,
      String procId,
      String msgId,
      String structuredData,
      String message) {
    return Arguments.of(
        name,
        input,
        new SyslogMessage(
            facility,
            severity,
            format,
            timestamp,
            hostname,
            appName,
            procId,
            msgId,
            structuredData,
            message,
            SENDER));
  }

  static Arguments ok(
      String name,
      String input,
      int facility,
      int severity,
      SyslogMessage.Format format,
      String timestamp,
      String hostname,
      String appName,
      String procId,
      String msgId,
      String structuredData,
      String message) {
    return ok(
        name,
        utf8(input),
        facility,
        severity,
        format,
        timestamp,
        hostname,
        appName,
        procId,
        msgId,
        structuredData,
        message);
  }

  /** Real-world and edge-case lines of both syntaxes with what they must parse to. */
  static Stream<Arguments> wellFormed() {
    return Stream.of(
        // ---- RFC 5424 ----
        ok(
            "RFC 5424 example 1: BOM before MSG",
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
                + BOM
                + "'su root' failed for lonvick on /dev/pts/8",
            4,
            2,
            RFC5424,
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "su",
            null,
            "ID47",
            null,
            "'su root' failed for lonvick on /dev/pts/8"),
        ok(
            "RFC 5424 example 2: microseconds and a zone offset, no MSGID",
            "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make"
                + " the do-nuts.",
            20,
            5,
            RFC5424,
            "2003-08-24T05:14:15.000003-07:00",
            "192.0.2.1",
            "myproc",
            "8710",
            null,
            null,
            "%% It's time to make the do-nuts."),
        ok(
            "RFC 5424 example 3: structured data and MSG",
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473"
                + " iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
                + BOM
                + "An application event log entry...",
            20,
            5,
            RFC5424,
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "evntslog",
            null,
            "ID47",
            "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]",
            "An application event log entry..."),
        ok(
            "RFC 5424 example 4: two SD elements, no MSG",
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473"
                + " iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473"
                + " class=\"high\"]",
            20,
            5,
            RFC5424,
            "2003-10-11T22:14:15.003Z",
            "mymachine.example.com",
            "evntslog",
            null,
            "ID47",
            "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
                + "[examplePriority@32473 class=\"high\"]",
            ""),
        ok(
            "util-linux logger 2.38 default (RFC 5424 with timeQuality)",
            "<13>1 2026-11-24T03:55:08.677193+00:00 vm root - - [timeQuality tzKnown=\"1\""
                + " isSynced=\"0\"] hello",
            1,
            5,
            RFC5424,
            "2026-11-24T03:55:08.677193+00:00",
            "vm",
            "root",
            null,
            null,
            "[timeQuality tzKnown=\"1\" isSynced=\"0\"]",
            "hello"),
        ok(
            "util-linux logger --rfc5424=notq,notime,nohost: NILVALUEs everywhere",
            "<13>1 - - root - - - bare",
            1,
            5,
            RFC5424,
            null,
            null,
            "root",
            null,
            null,
            null,
            "bare"),
        ok(
            "util-linux logger --sd-id --msgid -t -p local3.warning",
            "<156>1 2026-11-24T03:55:08.684657+00:00 vm myapp - m1 [timeQuality tzKnown=\"1\""
                + " isSynced=\"0\"][zoo@123 tiger=\"hungry\"] with sd",
            19,
            4,
            RFC5424,
            "2026-11-24T03:55:08.684657+00:00",
            "vm",
            "myapp",
            null,
            "m1",
            "[timeQuality tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry\"]",
            "with sd"),
        ok(
            "escaped quote, backslash and ] in PARAM-VALUEs stay in the raw SD",
            "<14>1 2024-01-01T00:00:00Z h app - - [x@1 path=\"C:\\\\dir\" q=\"say \\\"hi\\\"\""
                + " br=\"a\\]b\" other=\"\\n\"] msg ] with \"quotes\"",
            1,
            6,
            RFC5424,
            "2024-01-01T00:00:00Z",
            "h",
            "app",
            null,
            null,
            "[x@1 path=\"C:\\\\dir\" q=\"say \\\"hi\\\"\" br=\"a\\]b\" other=\"\\n\"]",
            "msg ] with \"quotes\""),
        ok(
            "all PRI 0 and every header field NILVALUE, no MSG",
            "<0>1 - - - - - -",
            0,
            0,
            RFC5424,
            null,
            null,
            null,
            null,
            null,
            null,
            ""),
        ok(
            "rsyslog RSYSLOG_SyslogProtocol23Format: leading space of MSG kept, newline dropped",
            "<30>1 2024-03-05T10:11:12.123456+01:00 web01 systemd 1 - -  Started Session 5.\n",
            3,
            6,
            RFC5424,
            "2024-03-05T10:11:12.123456+01:00",
            "web01",
            "systemd",
            "1",
            null,
            null,
            " Started Session 5."),
        ok(
            "non-ASCII UTF-8 MSG without BOM",
            "<134>1 2024-05-06T07:08:09Z h app - - - Grüße, 日本語 ✓",
            16,
            6,
            RFC5424,
            "2024-05-06T07:08:09Z",
            "h",
            "app",
            null,
            null,
            null,
            "Grüße, 日本語 ✓"),
        // ---- RFC 3164 ----
        ok(
            "RFC 3164 example: host and TAG",
            "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            4,
            2,
            RFC3164,
            "Oct 11 22:14:15",
            "mymachine",
            "su",
            null,
            null,
            null,
            "'su root' failed for lonvick on /dev/pts/8"),
        ok(
            "RFC 3164 example: space-padded day, IP as host, no TAG",
            "<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!",
            1,
            5,
            RFC3164,
            "Feb  5 17:32:18",
            "10.0.0.99",
            null,
            null,
            null,
            null,
            "Use the BFG!"),
        ok(
            "util-linux logger --rfc3164",
            "<13>Nov 24 03:55:08 vm root: hello3164",
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            "vm",
            "root",
            null,
            null,
            null,
            "hello3164"),
        ok(
            "sshd with PID",
            "<38>Jan 15 08:01:02 server sshd[4321]: Accepted publickey for alice from 192.0.2.7"
                + " port 50022 ssh2",
            4,
            6,
            RFC3164,
            "Jan 15 08:01:02",
            "server",
            "sshd",
            "4321",
            null,
            null,
            "Accepted publickey for alice from 192.0.2.7 port 50022 ssh2"),
        ok(
            "glibc syslog() / older logger: no HOSTNAME, TAG[PID]",
            "<13>Nov 24 03:55:08 root[1234]: hello",
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            null,
            "root",
            "1234",
            null,
            null,
            "hello"),
        ok(
            "busybox syslogd forwarding: no HOSTNAME, TAG without PID",
            "<13>Nov  4 03:55:08 root: hello",
            1,
            5,
            RFC3164,
            "Nov  4 03:55:08",
            null,
            "root",
            null,
            null,
            null,
            "hello"),
        ok(
            "kernel message, colons inside MSG",
            "<6>Mar  1 12:00:00 host kernel: [    1.234567] usb 1-1: new high-speed USB device",
            0,
            6,
            RFC3164,
            "Mar  1 12:00:00",
            "host",
            "kernel",
            null,
            null,
            null,
            "[    1.234567] usb 1-1: new high-speed USB device"),
        ok(
            "postfix: TAG with a slash",
            "<22>Jan  2 03:04:05 mx postfix/smtpd[99]: connect from unknown[198.51.100.4]",
            2,
            6,
            RFC3164,
            "Jan  2 03:04:05",
            "mx",
            "postfix/smtpd",
            "99",
            null,
            null,
            "connect from unknown[198.51.100.4]"),
        ok(
            "no timestamp: TAG and MSG only",
            "<13>myapp: started",
            1,
            5,
            RFC3164,
            null,
            null,
            "myapp",
            null,
            null,
            null,
            "started"),
        ok(
            "no timestamp, no TAG: all content",
            "<0>System going down NOW",
            0,
            0,
            RFC3164,
            null,
            null,
            null,
            null,
            null,
            null,
            "System going down NOW"),
        ok(
            "rsyslog forward format: RFC 3339 timestamp in a BSD message",
            "<134>2024-03-05T10:11:12.123+01:00 fw01 filterlog[123]: 5,,,1000000103,em0,match",
            16,
            6,
            RFC3164,
            "2024-03-05T10:11:12.123+01:00",
            "fw01",
            "filterlog",
            "123",
            null,
            null,
            "5,,,1000000103,em0,match"),
        ok(
            "zero-padded day and milliseconds",
            "<190>Mar 01 09:08:07.123 router1 app: x",
            23,
            6,
            RFC3164,
            "Mar 01 09:08:07.123",
            "router1",
            "app",
            null,
            null,
            null,
            "x"),
        ok(
            "network gear: year after the day",
            "<189>Jun 18 2023 10:00:00 switch1 %LINK-3-UPDOWN: Interface Gi0/1, changed state to up",
            23,
            5,
            RFC3164,
            "Jun 18 2023 10:00:00",
            "switch1",
            "%LINK-3-UPDOWN",
            null,
            null,
            null,
            "Interface Gi0/1, changed state to up"),
        ok(
            "trailing CR LF NUL removed; PRI 191 is local7.debug",
            "<191>Dec 31 23:59:59 h t: bye\r\n\0",
            23,
            7,
            RFC3164,
            "Dec 31 23:59:59",
            "h",
            "t",
            null,
            null,
            null,
            "bye"),
        ok(
            "host only, empty MSG",
            "<13>Nov 24 03:55:08 vm",
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            "vm",
            null,
            null,
            null,
            null,
            ""),
        ok(
            "TAG with an empty MSG",
            "<13>Nov 24 03:55:08 vm cron:",
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            "vm",
            "cron",
            null,
            null,
            null,
            ""),
        ok(
            "Latin characters in an RFC 3164 MSG (valid UTF-8)",
            "<13>Nov 24 03:55:08 vm app: café",
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            "vm",
            "app",
            null,
            null,
            null,
            "café"),
        ok(
            "leading zeros in the PRI are tolerated",
            concat(utf8("<013>Nov 24 03:55:08 vm app: z")),
            1,
            5,
            RFC3164,
            "Nov 24 03:55:08",
            "vm",
            "app",
            null,
            null,
            null,
            "z"));
  }

  /** Each well-formed line parses into exactly the expected message. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void parses(String name, byte[] input, SyslogMessage expected) {
    SyslogParser.Result r = SyslogParser.parse(input, SENDER);
    SyslogParser.Parsed parsed = assertInstanceOf(SyslogParser.Parsed.class, r, name + ": " + r);
    assertEquals(expected, parsed.message(), name);
    assertEquals(expected.facility() * 8 + expected.severity(), parsed.message().pri());
  }

  /** A datagram that must be {@link SyslogParser.Malformed} with a reason containing the text. */
  static Arguments bad(String name, byte[] input, String reason) {
    return Arguments.of(name, input, reason);
  }

  static Arguments bad(String name, String input, String reason) {
    return bad(name, utf8(input), reason);
  }

  /** Datagrams that are not syslog messages, with the reason expected. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        bad("empty datagram", new byte[0], "empty datagram"),
        bad("no PRI", "hello world", "no PRI"),
        bad("a lone newline", "\n", "no PRI"),
        bad("empty PRI", "<>1 - - - - - -", "bad PRI: empty"),
        bad("PRI 192 out of range", "<192>Nov 24 03:55:08 vm app: x", "PRI 192 is out of range"),
        bad("PRI 999 out of range", "<999>1 - - - - - -", "PRI 999 is out of range"),
        bad("PRI of four digits", "<1000>1 - - - - - -", "more than 3 characters"),
        bad("PRI not a number", "<abc>hello", "not a number"),
        bad("negative PRI", "<-1>hello", "not a number"),
        bad("truncated PRI", "<13", "truncated PRI"),
        bad("PRI never closed", "<13 hello there", "no '>'"),
        bad("nothing after the PRI", "<13>", "nothing after the PRI"),
        bad("nothing but a newline after the PRI", "<13>\r\n", "nothing after the PRI"),
        bad("RFC 5424 version only", "<13>1", "truncated RFC 5424 header"),
        bad(
            "RFC 5424 header cut after HOSTNAME",
            "<13>1 2024-01-01T00:00:00Z host",
            "truncated RFC 5424 header: no space after HOSTNAME"),
        bad(
            "RFC 5424 without STRUCTURED-DATA",
            "<13>1 2024-01-01T00:00:00Z host app 1 ID ",
            "no STRUCTURED-DATA"),
        bad(
            "RFC 5424 SD element not closed",
            "<13>1 2024-01-01T00:00:00Z host app 1 ID [sd@1 a=\"b\"",
            "truncated STRUCTURED-DATA"),
        bad(
            "RFC 5424 PARAM-VALUE not closed",
            "<13>1 2024-01-01T00:00:00Z host app 1 ID [sd@1 a=\"b\\\"",
            "PARAM-VALUE not closed"),
        bad(
            "RFC 5424 unescaped ] in a PARAM-VALUE",
            "<13>1 2024-01-01T00:00:00Z host app 1 ID [sd@1 a=\"b] x\"]",
            "unescaped ']'"),
        bad(
            "RFC 5424 PARAM-VALUE without quotes",
            "<13>1 2024-01-01T00:00:00Z host app 1 ID [sd@1 a=b] x",
            "expected '\"'"),
        bad("RFC 5424 empty SD-ID", "<13>1 - - - - - [ a=\"b\"] m", "empty SD-ID"),
        bad("RFC 5424 SD neither - nor [", "<13>1 - - - - - x m", "expected '-' or '['"),
        bad("RFC 5424 no space before MSG", "<13>1 - - - - - -msg", "no space between"),
        bad("RFC 5424 bad TIMESTAMP", "<13>1 yesterday host app 1 ID - msg", "bad TIMESTAMP"),
        bad(
            "RFC 5424 TIMESTAMP without zone",
            "<13>1 2024-01-01T00:00:00 host app 1 ID - msg",
            "bad TIMESTAMP"),
        bad("RFC 5424 empty HOSTNAME (two spaces)", "<13>1 -  app 1 ID - msg", "empty HOSTNAME"),
        bad(
            "RFC 5424 MSGID longer than 32",
            "<13>1 - h a p msgid-that-is-far-too-long-for-rfc5424 - x",
            "MSGID longer than 32"),
        bad("RFC 5424 tab inside APP-NAME", "<13>1 - h a\tb p m - x", "APP-NAME is not printable"),
        bad(
            "unknown version 2",
            "<13>2 2024-01-01T00:00:00Z h a p m - x",
            "unsupported syslog version 2"),
        bad(
            "invalid UTF-8: a lone continuation byte",
            concat(utf8("<13>1 - - - - - - "), new byte[] {(byte) 0xC3, 0x28}),
            "invalid UTF-8 at byte 18"),
        bad(
            "invalid UTF-8: a sequence cut at the end",
            concat(utf8("<13>Nov 24 03:55:08 vm app: "), new byte[] {(byte) 0xE2, (byte) 0x82}),
            "invalid UTF-8"),
        bad(
            "invalid UTF-8: Latin-1 from an old device",
            concat(utf8("<13>Nov 24 03:55:08 vm app: caf"), new byte[] {(byte) 0xE9}),
            "invalid UTF-8"),
        bad("RFC 3164 timestamp cut short", "<13>Nov 24 03:5", "bad RFC 3164 TIMESTAMP"),
        bad("RFC 3164 impossible time", "<13>Nov 24 25:61:08 vm app: x", "bad RFC 3164 TIMESTAMP"),
        bad(
            "RFC 3164 nothing after the timestamp",
            "<13>Nov 24 03:55:08 ",
            "nothing after TIMESTAMP"));
  }

  /** Each malformed datagram gives Malformed with its reason, size and escaped text. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void rejects(String name, byte[] input, String reason) {
    SyslogParser.Result r = SyslogParser.parse(input, SENDER);
    SyslogParser.Malformed m = assertInstanceOf(SyslogParser.Malformed.class, r, name + ": " + r);
    assertTrue(m.reason().contains(reason), name + ": reason was '" + m.reason() + "'");
    assertEquals(input.length, m.size());
    assertEquals(SyslogParser.escape(input, SyslogParser.RAW_LIMIT), m.raw());
  }

  /** Null and every truncation of real lines give a result, never an exception. */
  @Test
  void nullAndEveryPrefixOfRealLinesNeverThrow() {
    assertInstanceOf(SyslogParser.Malformed.class, SyslogParser.parse(null, null));
    String[] lines = {
      "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473"
          + " iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][x@1 a=\"\\\"\\\\\\]\"] msg",
      "<38>Jan 15 08:01:02 server sshd[4321]: Accepted publickey for alice",
      "<134>2024-03-05T10:11:12.123+01:00 fw01 filterlog[123]: 5,,,1000000103,em0,match"
    };
    for (String line : lines) {
      byte[] full = utf8(line);
      for (int n = 0; n <= full.length; n++) {
        SyslogParser.Result r = SyslogParser.parse(Arrays.copyOf(full, n), SENDER);
        assertTrue(
            r instanceof SyslogParser.Parsed || r instanceof SyslogParser.Malformed, "prefix " + n);
      }
    }
  }

  /** The sender, facility and severity names of a parsed message. */
  @Test
  void theSenderIsCarriedIntoTheMessage() {
    InetSocketAddress v6 = new InetSocketAddress("::1", 5140);
    SyslogParser.Parsed p =
        assertInstanceOf(
            SyslogParser.Parsed.class, SyslogParser.parse(utf8("<13>1 - - - - - - x"), v6));
    assertEquals(v6, p.message().sender());
    assertEquals("user", p.message().facilityName());
    assertEquals("notice", p.message().severityName());
  }

  /** Control and non-ASCII bytes are escaped; long datagrams are cut at RAW_LIMIT. */
  @Test
  void rawTextOfMalformedDatagramsIsEscapedAndCapped() {
    assertEquals(
        "a\\\\b\\n\\r\\t\\x00\\x1b[31m\\xc3\\xa9\\xff",
        SyslogParser.escape(
            concat(utf8("a\\b\n\r\t"), new byte[] {0, 0x1b}, utf8("[31mé"), new byte[] {-1}), 100));
    byte[] big = new byte[10_000];
    Arrays.fill(big, (byte) 'x');
    SyslogParser.Malformed m =
        assertInstanceOf(SyslogParser.Malformed.class, SyslogParser.parse(big, SENDER));
    assertEquals("x".repeat(SyslogParser.RAW_LIMIT) + "...", m.raw());
    assertEquals(10_000, m.size());
  }

  /** escapeText escapes line ends and controls but keeps non-ASCII letters. */
  @Test
  void logTextEscapesControlCharactersButKeepsLetters() {
    assertEquals(
        "line1\\nFAKE ERROR\\r\\u0007 café",
        SyslogParser.escapeText("line1\nFAKE ERROR\r\u0007 café"));
    assertEquals("-", SyslogParser.escapeText(null));
    assertEquals("plain", SyslogParser.escapeText("plain"));
  }

  /** The severity to SLF4J level table. */
  @Test
  void severitiesMapToLogLevels() {
    Level[] expected = {
      Level.ERROR,
      Level.ERROR,
      Level.ERROR,
      Level.ERROR,
      Level.WARN,
      Level.INFO,
      Level.INFO,
      Level.DEBUG
    };
    for (int s = 0; s < 8; s++)
      assertEquals(expected[s], SyslogCollector.levelOf(s), "severity " + s);
  }

  /** The collector's log line names every field and escapes the line feed in MSG. */
  @Test
  void theLogLineShowsEveryFieldOnOneLine() {
    SyslogParser.Parsed p =
        assertInstanceOf(
            SyslogParser.Parsed.class,
            SyslogParser.parse(
                utf8(
                    "<156>1 2026-11-24T03:55:08Z vm myapp 42 m1 [zoo@123 tiger=\"hungry\"] two\nlines"),
                SENDER));
    assertEquals(
        "local3.warning from 192.0.2.10:51514 RFC5424 time=2026-11-24T03:55:08Z host=vm app=myapp"
            + " procid=42 msgid=m1 sd=[zoo@123 tiger=\"hungry\"]: two\\nlines",
        SyslogCollector.logLine(p.message()));
  }
}
