package org.wskactors.samples.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.ServerStartup;

/**
 * The datagram sample against real tools: {@code socat} as a UDP echo client and util-linux {@code
 * logger} as a syslog sender in its default, {@code --rfc5424} and {@code --rfc3164} syntaxes. Each
 * test is skipped when its tool is not installed.
 */
@ExtendWith(LogCapturingExtension.class)
class DatagramToolsTest {
  /** The ActorSystem of this class, with the two servers. */
  static final ActorTestKit testKit = ActorTestKit.create("DatagramToolsTest");

  /** The bound on every probe wait. */
  static final Duration T = Duration.ofSeconds(10);

  /** The UDP echo server's port on {@code [::]}. */
  static int echoPort;

  /** The syslog collector's port on {@code [::]}. */
  static int syslogPort;

  /** The syslog collector's listener. */
  static TestProbe<SyslogMessage> messages;

  /** Starts a UDP echo server and a syslog collector on {@code [::]:0}. */
  @BeforeAll
  static void startServers() {
    TestProbe<ServerStartup> echoStarted = testKit.createTestProbe();
    testKit.spawn(UdpEchoServer.create(0, echoStarted.ref()), "udp-echo");
    echoPort = echoStarted.expectMessageClass(ServerStartup.Listening.class, T).address().getPort();
    TestProbe<ServerStartup> syslogStarted = testKit.createTestProbe();
    messages = testKit.createTestProbe();
    testKit.spawn(
        SyslogCollector.create(
            new InetSocketAddress(UdpEchoServer.anyIpv6(), 0), syslogStarted.ref(), messages.ref()),
        "syslog");
    syslogPort =
        syslogStarted.expectMessageClass(ServerStartup.Listening.class, T).address().getPort();
  }

  /** Stops the ActorSystem, closing the sockets. */
  @AfterAll
  static void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  /** True when {@code tool} is an executable on the PATH. */
  static boolean installed(String tool) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  /** Skips the test when socat is not installed. */
  static void assumeSocat() {
    Assumptions.assumeTrue(installed("socat"), "socat not installed: apt-get install socat");
  }

  /** util-linux logger: the BSD one of other systems has no {@code --rfc5424}. */
  static void assumeLogger() throws Exception {
    Assumptions.assumeTrue(
        installed("logger") && run(null, "logger", "--version").contains("util-linux"),
        "logger not installed: apt-get install bsdutils");
  }

  /** True when this host has ::1 (a socket can bind it). */
  static boolean ipv6LoopbackAvailable() {
    try (DatagramSocket s = new DatagramSocket(null)) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs a command with {@code stdin} (or none), waits at most 20 s, expects exit code 0; returns
   * its stdout.
   */
  static String run(String stdin, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command) + " finished in 20 s");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), String.join(" ", command) + " exit code; stderr: " + err);
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  // ---- socat ---------------------------------------------------------------------------------

  /**
   * {@code echo ... | socat -t 2 - UDP:...}: socat sends the line as one datagram and prints what
   * comes back until 2 s after its stdin ended.
   */
  static void socatRoundTrip(String address) throws Exception {
    assumeSocat();
    String line = "hello over " + address + "\n";
    assertEquals(line, run(line, "socat", "-t", "2", "-", address));
  }

  /** socat over IPv4 gets its line back from the dual-stack socket. */
  @Test
  @Timeout(30)
  void socatEchoRoundTripOverIpv4() throws Exception {
    socatRoundTrip("UDP4:127.0.0.1:" + echoPort);
  }

  /** socat over IPv6 gets its line back from the same socket. */
  @Test
  @Timeout(30)
  void socatEchoRoundTripOverIpv6() throws Exception {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    socatRoundTrip("UDP6:[::1]:" + echoPort);
  }

  // ---- logger --------------------------------------------------------------------------------

  /** Runs {@code logger --udp} against the collector; returns what the listener got. */
  static SyslogMessage logger(String server, String... options) throws Exception {
    assumeLogger();
    List<String> command =
        new ArrayList<>(
            List.of("logger", "--udp", "--server", server, "--port", String.valueOf(syslogPort)));
    command.addAll(List.of(options));
    run(null, command.toArray(new String[0]));
    return messages.expectMessageClass(SyslogMessage.class, T);
  }

  /** logger's default network syntax is RFC 5424 with a timeQuality element. */
  @Test
  @Timeout(30)
  void loggerDefaultIsRfc5424() throws Exception {
    SyslogMessage m = logger("127.0.0.1", "hello");
    assertEquals(SyslogMessage.Format.RFC5424, m.format());
    assertEquals("user", m.facilityName());
    assertEquals("notice", m.severityName());
    assertEquals("hello", m.message());
    assertNotNull(m.timestamp());
    assertNotNull(m.hostname());
    assertNotNull(m.appName(), "logger's default tag, the user name");
    assertTrue(m.structuredData().contains("timeQuality"), m.structuredData());
    assertEquals("127.0.0.1", m.sender().getAddress().getHostAddress());
  }

  /** {@code --rfc5424} with priority, tag, MSGID and an SD element with escaped quotes. */
  @Test
  @Timeout(30)
  void loggerRfc5424WithPriorityTagMsgIdAndStructuredData() throws Exception {
    SyslogMessage m =
        logger(
            "127.0.0.1",
            "--rfc5424",
            "-p",
            "local3.err",
            "-t",
            "wsk-test",
            "--msgid",
            "ID7",
            "--sd-id",
            "zoo@123",
            "--sd-param",
            "tiger=\"hungry \\\"and\\\" tired\"",
            "structured hello");
    assertEquals(SyslogMessage.Format.RFC5424, m.format());
    assertEquals("local3", m.facilityName());
    assertEquals("err", m.severityName());
    assertEquals("wsk-test", m.appName());
    assertEquals("ID7", m.msgId());
    assertTrue(
        m.structuredData().endsWith("[zoo@123 tiger=\"hungry \\\"and\\\" tired\"]"),
        m.structuredData());
    assertEquals("structured hello", m.message());
  }

  /** {@code --rfc3164}: BSD timestamp, host and TAG. */
  @Test
  @Timeout(30)
  void loggerRfc3164() throws Exception {
    SyslogMessage m = logger("127.0.0.1", "--rfc3164", "-t", "wsk-test", "hello 3164");
    assertEquals(SyslogMessage.Format.RFC3164, m.format());
    assertEquals("user", m.facilityName());
    assertEquals("notice", m.severityName());
    assertTrue(m.timestamp().matches("[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}"), m.timestamp());
    assertNotNull(m.hostname());
    assertEquals("wsk-test", m.appName());
    assertNull(m.msgId());
    assertEquals("hello 3164", m.message());
  }

  /** {@code --rfc3164 --id}: the PID as PROCID, sent over IPv6. */
  @Test
  @Timeout(30)
  void loggerRfc3164WithPidOverIpv6() throws Exception {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    SyslogMessage m = logger("::1", "--rfc3164", "--id=4242", "-t", "wsk-test", "over IPv6");
    assertEquals(SyslogMessage.Format.RFC3164, m.format());
    assertEquals("wsk-test", m.appName());
    assertEquals("4242", m.procId());
    assertEquals("over IPv6", m.message());
    assertTrue(m.sender().getAddress() instanceof Inet6Address, m.sender().toString());
    assertTrue(m.sender().getAddress().isLoopbackAddress(), m.sender().toString());
  }
}
