package org.wskactors.samples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * The chat server against real IRC clients from Debian's packages, started as processes: two
 * suckless {@code ii} (package {@code ii}), driven through their FIFOs and {@code out} files, and
 * {@code irssi} in a detached {@code tmux} session. Each test is skipped when its tools are not
 * installed.
 */
@ExtendWith(LogCapturingExtension.class)
class RealIrcClientTest {
  static final ActorTestKit testKit = ActorTestKit.create("RealIrcClientTest");

  /** The bound on every single wait for a client's reaction. */
  static final Duration T = Duration.ofSeconds(15);

  static ChatTestServer server;

  /** The server's address as the clients are given it: {@code 127.0.0.1} and the port. */
  static String host;

  static int port;
  static Path tmp;

  /** Starts the chat server ({@code application.conf} settings) on {@code 127.0.0.1:0}. */
  @BeforeAll
  static void startServer() throws Exception {
    tmp = Files.createTempDirectory("real-irc-client");
    server = ChatTestServer.start(testKit, "");
    host = server.address.getHostString();
    port = server.address.getPort();
  }

  @AfterAll
  static void shutdown() {
    try {
      testKit.shutdownTestKit();
    } finally {
      RealClientFiles.deleteTree(tmp);
    }
  }

  /** ii's line for a join: {@code <time> -!- nick(user@host) has joined #chan}. */
  static boolean joined(String line, String nick, String channel) {
    return line.contains("-!- " + nick + "(") && line.endsWith(" has joined " + channel);
  }

  /** Waits until the server has welcomed ii (001 in ii's stdout, every line the server sent). */
  static void awaitWelcome(RealClientIi ii) {
    Pattern welcome = Pattern.compile("^\\d+ :\\S+ 001 " + Pattern.quote(ii.nick) + " .*");
    ii.await(ii.prefix.resolve("ii.stdout"), l -> welcome.matcher(l).matches(), T);
  }

  /**
   * Two ii clients: both join a channel (each sees the other join), talk both ways in it and
   * privately, then one changes its nick (its own ii confirms, the other sees the change and its
   * next message under the new nick) and quits (the other sees the quit with the reason, and ii
   * exits by itself with status 0).
   */
  @Test
  @Timeout(60)
  void twoIiClientsTalkInAChannelChangeNickAndQuit() throws Exception {
    Assumptions.assumeTrue(RealClientFiles.installed("ii"), "ii not installed: apt-get install ii");
    String channel = "#real-ii";
    Path dir = Files.createTempDirectory(tmp, "ii");
    try (RealClientIi alice = RealClientIi.start(host, port, "alice", dir.resolve("alice"));
        RealClientIi bob = RealClientIi.start(host, port, "bob", dir.resolve("bob"))) {
      awaitWelcome(alice);
      awaitWelcome(bob);

      alice.command("/j " + channel);
      alice.await(alice.out(channel), l -> joined(l, "alice", channel), T);
      bob.command("/j " + channel);
      bob.await(bob.out(channel), l -> joined(l, "bob", channel), T);
      alice.await(alice.out(channel), l -> joined(l, "bob", channel), T);

      alice.say(channel, "hello bob, from ii");
      bob.await(bob.out(channel), l -> l.endsWith(" <alice> hello bob, from ii"), T);
      bob.say(channel, "hi alice: ii here too");
      alice.await(alice.out(channel), l -> l.endsWith(" <bob> hi alice: ii here too"), T);

      // A private message: ii files it under the sender's name.
      alice.command("/j bob a private word");
      bob.await(bob.out("alice"), l -> l.endsWith(" <alice> a private word"), T);

      bob.command("/n bobby");
      bob.await(bob.serverOut(), l -> l.endsWith(" -!- changed nick to \"bobby\""), T);
      alice.await(alice.serverOut(), l -> l.endsWith(" -!- bob changed nick to bobby"), T);
      bob.say(channel, "new name, same bob");
      alice.await(alice.out(channel), l -> l.endsWith(" <bobby> new name, same bob"), T);

      bob.command("/q see you later");
      alice.await(
          alice.serverOut(),
          l -> l.contains(" -!- bobby(") && l.contains(" has quit ") && l.contains("see you later"),
          T);
      assertEquals(0, bob.awaitExit(T), "ii's exit status after /q; stderr: " + bob.stderr());
    } finally {
      RealClientFiles.deleteTree(dir);
    }
  }

  /**
   * irssi in tmux against the raw-socket {@link IrcTestClient}: irssi connects (CAP LS, NICK, USER)
   * and is welcomed, joins the raw client's channel (the raw client sees the JOIN), says a line
   * typed on its input line (the raw client receives the PRIVMSG), shows the raw client's answer in
   * its channel window, and quits with a reason the raw client sees.
   */
  @Test
  @Timeout(60)
  void irssiInTmuxTalksWithARawClient() throws Exception {
    Assumptions.assumeTrue(
        RealClientFiles.installed("irssi"), "irssi not installed: apt-get install irssi");
    Assumptions.assumeTrue(
        RealClientFiles.installed("tmux"), "tmux not installed: apt-get install tmux");
    String channel = "#real-irssi";
    Path dir = Files.createTempDirectory(tmp, "irssi");
    Path home = Files.createDirectories(dir.resolve("home"));
    // irssi's own flood control would hold JOIN and PRIVMSG back for seconds (5 commands at once,
    // then one per 2.2 s): off, so the waits below measure the server.
    Files.writeString(
        home.resolve("config"),
        String.join(
            "\n",
            "settings = {",
            "  core = {",
            "    real_name = \"irssi carol\"; user_name = \"carol\"; settings_autosave = \"no\";",
            "  };",
            "  \"irc/core\" = { cmd_queue_speed = \"0msec\"; cmds_max_at_once = \"100\"; };",
            "};",
            ""));
    try (IrcTestClient dave = IrcTestClient.register(server.address, "dave")) {
      dave.send("JOIN " + channel);
      dave.expect("366");
      String command =
          "exec irssi --home="
              + shellQuote(home.toString())
              + " -c "
              + host
              + " -p "
              + port
              + " -n carol";
      try (RealClientTmux irssi = RealClientTmux.start(dir, "irssi", command)) {
        irssi.awaitScreen(r -> r.contains("Welcome to the Internet Relay Network carol!"), T);
        irssi.typeLine("/join " + channel);
        dave.expect(m -> from(m, "carol", "JOIN") && channel.equals(m.param(0)), "carol's JOIN");
        irssi.awaitScreen(r -> r.contains("carol") && r.contains("has joined " + channel), T);

        irssi.typeLine("hello dave, from irssi");
        IrcMessage said = dave.expect(m -> from(m, "carol", "PRIVMSG"), "carol's PRIVMSG");
        assertEquals(List.of(channel, "hello dave, from irssi"), said.params());
        dave.send("PRIVMSG " + channel + " :hi carol, raw socket here");
        irssi.awaitScreen(r -> r.contains("dave> hi carol, raw socket here"), T);

        irssi.typeLine("/quit irssi signing off");
        IrcMessage quit = dave.expect(m -> from(m, "carol", "QUIT"), "carol's QUIT");
        assertTrue(quit.param(0).contains("irssi signing off"), quit.format());
      }
    } finally {
      RealClientFiles.deleteTree(dir);
    }
  }

  /** Whether {@code m} is {@code command} from {@code nick}. */
  static boolean from(IrcMessage m, String nick, String command) {
    return command.equals(m.command()) && m.prefix() != null && m.prefix().startsWith(nick + "!");
  }

  /** {@code s} in single quotes for {@code sh}. */
  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
