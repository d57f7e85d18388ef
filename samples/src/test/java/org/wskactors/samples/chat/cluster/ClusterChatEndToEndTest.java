package org.wskactors.samples.chat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.chat.ChatServer;
import org.wskactors.samples.chat.ChatSettings;
import org.wskactors.samples.chat.irc.IrcMessage;

/**
 * Three chat servers, one per cluster node in one JVM, each with the cluster backend, and raw
 * socket IRC clients on different servers: they meet in one channel and see each other's messages,
 * JOIN, PART, NICK, TOPIC and QUIT; a nick taken on two servers at once goes to exactly one of
 * them; the users of a server whose node leaves are reported as quit.
 */
@ExtendWith(LogCapturingExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChatEndToEndTest {
  static final Duration T = Duration.ofSeconds(10);
  static final Duration LOSS = Duration.ofSeconds(25);

  static List<ActorTestKit> nodes;
  static final List<InetSocketAddress> servers = new ArrayList<>();
  static final List<Irc> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    nodes = ClusterTestNodes.start(3, "");
    for (int i = 0; i < nodes.size(); i++) {
      ChatSettings settings =
          ChatSettings.create(
              ConfigFactory.parseString(
                      "wsk-chat { port = 0\n bind = \"127.0.0.1\"\n server-name = \"irc"
                          + i
                          + ".test\" }")
                  .withFallback(ConfigFactory.parseResources("application.conf"))
                  .resolve());
      ActorTestKit node = nodes.get(i);
      TestProbe<ServerStartup> started = node.createTestProbe();
      node.spawn(ChatServer.create(settings, ClusterChat.backendFactory(), started.ref()), "chat");
      ServerStartup.Listening listening =
          started.expectMessageClass(ServerStartup.Listening.class, T);
      servers.add(new InetSocketAddress("127.0.0.1", listening.address().getPort()));
    }
  }

  @AfterAll
  static void stop() {
    for (Irc c : clients) c.close();
    for (ActorTestKit node : nodes) {
      if (!node.system().whenTerminated().isCompleted()) node.shutdownTestKit();
    }
  }

  /** A raw-socket IRC client; every read is bounded. */
  static final class Irc implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;
    final List<String> transcript = new ArrayList<>();
    String nick;

    Irc(InetSocketAddress server) throws IOException {
      socket = new Socket();
      socket.connect(server, (int) T.toMillis());
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      clients.add(this);
    }

    static Irc register(int server, String nick) throws IOException {
      Irc c = new Irc(servers.get(server));
      c.send("NICK " + nick);
      c.send("USER " + nick + " 0 * :Test " + nick);
      c.expect(m -> m.command().equals("001"), "001", T);
      c.expect(m -> m.command().equals("376") || m.command().equals("422"), "end of MOTD", T);
      c.nick = nick;
      return c;
    }

    void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    IrcMessage expect(Predicate<IrcMessage> wanted, String what, Duration max) throws IOException {
      long deadline = System.nanoTime() + max.toNanos();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) fail(nick + ": no " + what + " within " + max + "; last lines " + tail());
        socket.setSoTimeout((int) left);
        String line;
        try {
          line = in.readLine();
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (line == null) fail(nick + ": closed before " + what + "; last lines " + tail());
        transcript.add(line);
        IrcMessage m = IrcMessage.parse(line);
        if (m != null && wanted.test(m)) return m;
      }
    }

    /** Reads until a line with this command whose text contains {@code text}. */
    IrcMessage expect(String command, String text) throws IOException {
      return expect(command, text, T);
    }

    IrcMessage expect(String command, String text, Duration max) throws IOException {
      return expect(
          m -> m.command().equals(command) && m.formatWithTrailing().contains(text),
          command + " with '" + text + "'",
          max);
    }

    String tail() {
      return String.join(
          " | ", transcript.subList(Math.max(0, transcript.size() - 8), transcript.size()));
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  static Irc alice;
  static Irc bob;
  static Irc carol;

  @Test
  @Order(1)
  void usersOnThreeServersShareAChannel() throws IOException {
    alice = Irc.register(0, "alice");
    bob = Irc.register(1, "bob");
    carol = Irc.register(2, "carol");
    alice.send("JOIN #net");
    alice.expect("366", "#net");
    bob.send("JOIN #net");
    bob.expect("366", "#net");
    alice.expect("JOIN", ":bob!");
    carol.send("JOIN #net");
    IrcMessage names = carol.expect("353", "#net");
    assertTrue(names.formatWithTrailing().contains("@alice"), names.format());
    assertTrue(names.formatWithTrailing().contains("bob"), names.format());
    alice.expect("JOIN", ":carol!");
    bob.expect("JOIN", ":carol!");

    carol.send("PRIVMSG #net :hello from irc2");
    alice.expect("PRIVMSG", "hello from irc2");
    bob.expect("PRIVMSG", "hello from irc2");
    bob.send("PRIVMSG #net :hi carol");
    carol.expect("PRIVMSG", "hi carol");
  }

  @Test
  @Order(2)
  void topicNickAndPartCrossServers() throws IOException {
    alice.send("TOPIC #net :one network");
    bob.expect("TOPIC", "one network");
    carol.expect("TOPIC", "one network");

    bob.send("NICK robert");
    bob.expect("NICK", "robert");
    alice.expect(m -> m.command().equals("NICK") && m.prefix().startsWith("bob!"), "bob's NICK", T);
    carol.expect(m -> m.command().equals("NICK") && m.prefix().startsWith("bob!"), "bob's NICK", T);
    bob.nick = "robert";

    // The old nick is free again, the new one is taken, across servers.
    Irc taken = new Irc(servers.get(2));
    taken.send("NICK robert");
    taken.send("USER bob2 0 * :Second bob");
    taken.expect("433", "robert");
    taken.send("NICK bob");
    taken.expect(m -> m.command().equals("001"), "001 as bob", T);
    taken.nick = "bob";
    taken.send("QUIT :done");

    carol.send("PART #net :see you");
    alice.expect("PART", "see you");
    bob.expect("PART", "see you");
    carol.send("JOIN #net");
    alice.expect("JOIN", ":carol!");
  }

  @Test
  @Order(3)
  void aNickTakenOnTwoServersAtOnceGoesToOne() throws IOException {
    for (int round = 0; round < 5; round++) {
      String nick = "race" + round;
      Irc one = new Irc(servers.get(0));
      Irc two = new Irc(servers.get(1));
      one.send("NICK " + nick + "\r\nUSER a 0 * :a");
      two.send("NICK " + nick + "\r\nUSER b 0 * :b");
      Predicate<IrcMessage> outcome = m -> m.command().equals("001") || m.command().equals("433");
      IrcMessage first = one.expect(outcome, "001 or 433", T);
      IrcMessage second = two.expect(outcome, "001 or 433", T);
      List<String> got = new ArrayList<>(List.of(first.command(), second.command()));
      got.sort(null);
      assertEquals(List.of("001", "433"), got, "round " + round);
      one.send("QUIT");
      two.send("QUIT");
    }
  }

  @Test
  @Order(4)
  void theUsersOfALeavingServerQuit() throws IOException {
    Irc dave = Irc.register(2, "dave");
    dave.send("JOIN #net");
    alice.expect("JOIN", ":dave!");
    dave.send("JOIN #irc2");
    dave.expect("366", "#irc2");
    alice.send("JOIN #irc2");
    dave.expect("JOIN", ":alice!");

    Cluster.get(nodes.get(0).system())
        .manager()
        .tell(Leave.create(ClusterTestNodes.address(nodes.get(2))));
    nodes
        .get(2)
        .system()
        .getWhenTerminated()
        .toCompletableFuture()
        .orTimeout(30, TimeUnit.SECONDS)
        .join();

    // Once per user, though alice shared two channels with dave (the session dedupes).
    for (Irc c : List.of(alice, bob)) {
      List<String> quit = new ArrayList<>();
      while (quit.size() < 2) {
        IrcMessage m =
            c.expect(
                q -> q.command().equals("QUIT") && !quit.contains(q.prefix().split("!")[0]),
                "the QUITs of dave and carol (got " + quit + ")",
                LOSS);
        quit.add(m.prefix().split("!")[0]);
      }
      quit.sort(null);
      assertEquals(List.of("carol", "dave"), quit);
    }

    // #irc2 lived on the leaving server and goes on elsewhere: alice still talks there.
    bob.send("JOIN #irc2");
    alice.expect("JOIN", ":robert!", LOSS);
    bob.send("PRIVMSG #irc2 :moved");
    alice.expect("PRIVMSG", "moved");
    alice.send("PING :sync");
    List<String> quitsOfDave = new ArrayList<>();
    alice.expect(m -> m.command().equals("PONG"), "PONG", T);
    for (String line : alice.transcript) {
      if (line.startsWith(":dave!") && line.contains(" QUIT ")) quitsOfDave.add(line);
    }
    assertEquals(1, quitsOfDave.size(), "dave's QUIT once: " + quitsOfDave);
  }
}
