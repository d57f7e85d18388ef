package org.wskactors.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: parsing, usage and exit codes, run without exiting the JVM. */
@ExtendWith(LogCapturingExtension.class)
class MainTest {

  /** Runs {@link Main#run} with captured output. */
  record Outcome(int exitCode, String out, String err) {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void echoDefaultsToPort40007OnTheDualStackWildcard() throws Exception {
    Main.Echo echo = assertInstanceOf(Main.Echo.class, Main.parse("echo"));
    assertEquals(new InetSocketAddress(InetAddress.getByName("::"), 40007), echo.bindAddress());
  }

  @Test
  void echoTakesPortAndBindInBothForms() throws Exception {
    assertEquals(
        new Main.Echo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1234)),
        Main.parse("echo", "--port", "1234", "--bind", "127.0.0.1"));
    assertEquals(
        new Main.Echo(new InetSocketAddress(InetAddress.getByName("::1"), 0)),
        Main.parse("echo", "--bind=[::1]", "--port=0"));
  }

  /** {@code datagram} alone: echo on [::]:40007, syslog on [::]:40514. */
  @Test
  void datagramDefaultsToPorts40007And40514OnTheDualStackWildcard() throws Exception {
    Main.Datagram d = assertInstanceOf(Main.Datagram.class, Main.parse("datagram"));
    InetAddress any = InetAddress.getByName("::");
    assertEquals(new InetSocketAddress(any, 40007), d.echoAddress());
    assertEquals(new InetSocketAddress(any, 40514), d.syslogAddress());
  }

  /** {@code --name value} and {@code --name=value}, bracketed IPv6, and {@code --help}. */
  @Test
  void datagramTakesPortsAndBindInBothForms() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    assertEquals(
        new Main.Datagram(new InetSocketAddress(v4, 1234), new InetSocketAddress(v4, 5678)),
        Main.parse("datagram", "--port", "1234", "--syslog-port=5678", "--bind", "127.0.0.1"));
    InetAddress v6 = InetAddress.getByName("::1");
    assertEquals(
        new Main.Datagram(new InetSocketAddress(v6, 0), new InetSocketAddress(v6, 0)),
        Main.parse("datagram", "--bind=[::1]", "--port=0", "--syslog-port", "0"));
    assertInstanceOf(Main.Help.class, Main.parse("datagram", "--help"));
  }

  /** {@code chat} alone: everything from application.conf. */
  @Test
  void chatWithoutOptionsOverridesNothing() {
    Main.Chat chat = assertInstanceOf(Main.Chat.class, Main.parse("chat"));
    assertEquals(java.util.Map.of(), chat.overrides());
    org.wskactors.samples.chat.ChatSettings s =
        org.wskactors.samples.chat.ChatSettings.create(Main.chatConfig(chat));
    assertEquals(6667, s.port());
    assertEquals("irc.wsk-actors.local", s.serverName());
    assertTrue(s.bind().isAnyLocalAddress());
    assertEquals("", s.password());
  }

  /** Every chat option in both forms sets its configuration key; \n in --motd splits lines. */
  @Test
  void chatOptionsOverrideTheConfiguration() throws Exception {
    Main.Chat chat =
        assertInstanceOf(
            Main.Chat.class,
            Main.parse(
                "chat",
                "--port",
                "7000",
                "--bind=127.0.0.1",
                "--name",
                "irc.example.org",
                "--motd=Hello\\nWorld",
                "--password",
                "pw"));
    assertEquals(
        java.util.Map.of(
            "wsk-chat.port", 7000,
            "wsk-chat.bind", "127.0.0.1",
            "wsk-chat.server-name", "irc.example.org",
            "wsk-chat.motd", "Hello\nWorld",
            "wsk-chat.password", "pw"),
        chat.overrides());
    org.wskactors.samples.chat.ChatSettings s =
        org.wskactors.samples.chat.ChatSettings.create(Main.chatConfig(chat));
    assertEquals(7000, s.port());
    assertEquals(InetAddress.getByName("127.0.0.1"), s.bind());
    assertEquals("irc.example.org", s.serverName());
    assertEquals("Hello\nWorld", s.motd());
    assertTrue(s.passwordRequired());
    assertEquals(
        new Main.Chat(java.util.Map.of("wsk-chat.bind", "::1")),
        Main.parse("chat", "--bind", "::1"));
    assertInstanceOf(Main.Help.class, Main.parse("chat", "-h"));
  }

  /** A taken port makes {@code chat} exit 1. */
  @Test
  @Timeout(30)
  void chatExitsWithFailureWhenThePortIsInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      Outcome o =
          run("chat", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(Main.EXIT_FAILURE, o.exitCode());
    }
  }

  /** The usage names every command and the syslog default port. */
  @Test
  void usageDescribesBothCommands() {
    Outcome o = run("help");
    assertEquals(Main.EXIT_OK, o.exitCode());
    assertTrue(o.out().contains("echo [--port N] [--bind ADDR]"), o.out());
    assertTrue(o.out().contains("datagram [--port N] [--syslog-port M] [--bind ADDR]"), o.out());
    assertTrue(o.out().contains("40514"), o.out());
    assertTrue(
        o.out()
            .contains("chat [--port N] [--bind ADDR] [--name NAME] [--motd TEXT] [--password PW]"),
        o.out());
    assertTrue(o.out().contains("-Dwsk-chat.<key>=<value>"), o.out());
  }

  @Test
  void helpGoesToStdoutWithExitCode0() {
    Outcome o = run("--help");
    assertEquals(Main.EXIT_OK, o.exitCode());
    assertTrue(o.out().startsWith("usage:"), o.out());
    assertEquals("", o.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bogus",
        "echo --port",
        "echo --port abc",
        "echo --port -1",
        "echo --port 65536",
        "echo --port 99999999999",
        "echo --bind",
        "echo --bind localhost",
        "echo --bind 256.1.1.1",
        "echo --bind 1.2.3",
        "echo --bind :::1::",
        "echo --verbose",
        "echo 40007",
        "datagram --port",
        "datagram --syslog-port",
        "datagram --port 65536",
        "datagram --syslog-port x",
        "datagram --syslog-port=-5",
        "datagram --bind localhost",
        "datagram --bind=1.2.3.4.5",
        "datagram --port 5000 --syslog-port 5000",
        "datagram --port=40514",
        "datagram --verbose",
        "datagram 40007",
        "chat --port",
        "chat --port 70000",
        "chat --port=x",
        "chat --bind localhost",
        "chat --bind 1.2.3",
        "chat --name",
        "chat --name nodot",
        "chat --name bad_name.x",
        "chat --name -lead.x",
        "chat --password",
        "chat --password=",
        "chat --verbose",
        "chat 6667",
        "help me"
      })
  void badCommandLinesPrintUsageToStderrWithExitCode2(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    assertInstanceOf(Main.Invalid.class, Main.parse(args), line);
    Outcome o = run(args);
    assertEquals(Main.EXIT_USAGE, o.exitCode(), line);
    assertTrue(o.err().startsWith("error: "), o.err());
    assertTrue(o.err().contains("usage: java -jar wsk-actors-samples.jar"), o.err());
    assertEquals("", o.out());
  }

  @Test
  @Timeout(30)
  void echoExitsWithFailureWhenThePortIsInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      Outcome o =
          run("echo", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(Main.EXIT_FAILURE, o.exitCode());
    }
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0)); // the wildcard, as the default bind of echo
      Outcome o = run("echo", "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(Main.EXIT_FAILURE, o.exitCode());
    }
  }

  /** A taken echo or syslog port (specific or wildcard) makes {@code datagram} exit 1. */
  @Test
  @Timeout(30)
  void datagramExitsWithFailureWhenAPortIsInUse() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      String port = String.valueOf(taken.getLocalPort());
      Outcome echoBusy =
          run("datagram", "--bind", "127.0.0.1", "--port", port, "--syslog-port", "0");
      assertEquals(Main.EXIT_FAILURE, echoBusy.exitCode());
      Outcome syslogBusy =
          run("datagram", "--bind", "127.0.0.1", "--port", "0", "--syslog-port", port);
      assertEquals(Main.EXIT_FAILURE, syslogBusy.exitCode());
    }
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(0))) {
      // The wildcard, as the default bind of datagram.
      Outcome o =
          run("datagram", "--port", String.valueOf(taken.getLocalPort()), "--syslog-port", "0");
      assertEquals(Main.EXIT_FAILURE, o.exitCode());
    }
  }

  // ---- chat --cluster (org.wskactors.samples.chat.cluster) ----------------------------------

  @Test
  void chatClusterOptionsAreParsedApartFromTheChatOptions() {
    Main.Invocation i =
        Main.parse(
            "chat",
            "--port",
            "6668",
            "--cluster",
            "--seed",
            "127.0.0.1:2551",
            "--seed=[::1]:2553",
            "--cluster-port",
            "2552",
            "--cluster-host=10.0.0.2",
            "--name",
            "irc2.example");
    Main.Chat chat = assertInstanceOf(Main.Chat.class, i);
    assertEquals(6668, chat.overrides().get("wsk-chat.port"));
    assertEquals("irc2.example", chat.overrides().get("wsk-chat.server-name"));
    assertEquals(
        new org.wskactors.samples.chat.cluster.ClusterChat.Options(
            "10.0.0.2", 2552, java.util.List.of("127.0.0.1:2551", "[::1]:2553")),
        chat.cluster());
    assertEquals(
        null, assertInstanceOf(Main.Chat.class, Main.parse("chat", "--port", "1")).cluster());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "chat --seed 127.0.0.1:2551",
        "chat --cluster-port 2552",
        "chat --cluster --seed",
        "chat --cluster --seed 127.0.0.1",
        "chat --cluster --seed 127.0.0.1:0",
        "chat --cluster --seed host:70000",
        "chat --cluster --cluster-port 65536",
        "chat --cluster --cluster-port x",
        "chat --cluster=yes"
      })
  void badChatClusterOptionsAreUsageErrors(String line) {
    assertInstanceOf(Main.Invalid.class, Main.parse(line.split(" ")), line);
  }

  @Test
  void chatClusterConfigHasTheSeedsPortAndSerializationBinding() {
    com.typesafe.config.Config c =
        org.wskactors.samples.chat.cluster.ClusterChat.config(
            "wsk-samples-chat",
            new org.wskactors.samples.chat.cluster.ClusterChat.Options(
                null, 2552, java.util.List.of("127.0.0.1:2551")));
    assertEquals("cluster", c.getString("pekko.actor.provider"));
    assertEquals(2552, c.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(
        java.util.List.of("pekko://wsk-samples-chat@127.0.0.1:2551"),
        c.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(
        "jackson-cbor",
        c.getConfig("pekko.actor.serialization-bindings")
            .getString("\"org.wskactors.samples.chat.backend.CborSerializable\""));
    assertEquals(
        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        c.getString("pekko.cluster.downing-provider-class"));
    // No seed at all: the node joins itself (it starts the cluster).
    com.typesafe.config.Config first =
        org.wskactors.samples.chat.cluster.ClusterChat.config(
            "wsk-samples-chat",
            new org.wskactors.samples.chat.cluster.ClusterChat.Options("127.0.0.1", 2551, null));
    assertEquals(
        java.util.List.of("pekko://wsk-samples-chat@127.0.0.1:2551"),
        first.getStringList("pekko.cluster.seed-nodes"));
  }
}
