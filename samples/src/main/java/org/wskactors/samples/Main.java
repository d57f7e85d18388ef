package org.wskactors.samples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import org.wskactors.runtime.WskSettings;
import org.wskactors.samples.chat.ChatServer;
import org.wskactors.samples.chat.ChatSettings;
import org.wskactors.samples.chat.cluster.ClusterChat;
import org.wskactors.samples.chat.local.LocalChatBackend;
import org.wskactors.samples.datagram.SyslogCollector;
import org.wskactors.samples.datagram.UdpEchoServer;
import org.wskactors.samples.echo.EchoServer;

/**
 * The command line of the samples jar: {@code java -jar wsk-actors-samples.jar <command>
 * [options]}.
 *
 * <p>Commands: {@code echo [--port N] [--bind ADDR]} runs an {@link EchoServer}, {@code datagram
 * [--port N] [--syslog-port M] [--bind ADDR]} a {@link UdpEchoServer} and a {@link
 * SyslogCollector}, and {@code chat [--port N] [--bind ADDR] [--name NAME] [--motd TEXT]
 * [--password PW]} the IRC {@link ChatServer}, until the process is stopped (Ctrl-C runs Pekko's
 * coordinated shutdown). Parsing is separate from running ({@link #parse}, {@link #run}) so tests
 * can check it without exiting the JVM. Exit codes: {@value #EXIT_OK} after a normal stop, {@value
 * #EXIT_FAILURE} when a server could not start or failed, {@value #EXIT_USAGE} for an unknown
 * command or bad arguments (with the usage on stderr).
 *
 * <p>To add a command: a record implementing {@link Invocation}, a case in {@link #parse}, a branch
 * in {@link #run}, and a line in {@link #USAGE}. To add a {@code chat} option that sets a
 * configuration key: an entry in {@link #CHAT_OPTIONS}; a flag without a value (such as a future
 * {@code --cluster}) goes into the {@code flags} of {@link #parseOptions}.
 */
public final class Main {
  private Main() {}

  /** Exit code after a normal stop. */
  public static final int EXIT_OK = 0;

  /** Exit code when a sample could not start (for example, the port is in use) or failed. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code for an unknown command or bad arguments. */
  public static final int EXIT_USAGE = 2;

  /** The echo server's default port. */
  public static final int DEFAULT_ECHO_PORT = 40007;

  /** The echo server's default bind address: {@code ::}, dual-stack. */
  public static final String DEFAULT_ECHO_BIND = "::";

  /** The UDP echo server's default port. */
  public static final int DEFAULT_DATAGRAM_ECHO_PORT = 40007;

  /** The syslog collector's default port. */
  public static final int DEFAULT_SYSLOG_PORT = 40514;

  /** The default bind address of the datagram sample: {@code ::}, dual-stack. */
  public static final String DEFAULT_DATAGRAM_BIND = "::";

  /** The usage text. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: java -jar wsk-actors-samples.jar <command> [options]",
          "",
          "commands:",
          "  echo [--port N] [--bind ADDR]   TCP echo server (the WSK echosrv sample)",
          "        --port N     TCP port, 0 to 65535 (0: any free port; default "
              + DEFAULT_ECHO_PORT
              + ")",
          "        --bind ADDR  IP address literal to listen on (default "
              + DEFAULT_ECHO_BIND
              + ", which serves",
          "                     IPv4 and IPv6; an IPv4 address serves IPv4 only)",
          "  datagram [--port N] [--syslog-port M] [--bind ADDR]",
          "                                  UDP echo server (RFC 862) and syslog collector",
          "                                  (RFC 5424 and RFC 3164 over UDP)",
          "        --port N         UDP echo port, 0 to 65535 (0: any free port; default "
              + DEFAULT_DATAGRAM_ECHO_PORT
              + ")",
          "        --syslog-port M  UDP syslog port, 0 to 65535 (default "
              + DEFAULT_SYSLOG_PORT
              + "); must differ from N",
          "        --bind ADDR      IP address literal for both (default "
              + DEFAULT_DATAGRAM_BIND
              + ", which serves",
          "                         IPv4 and IPv6; an IPv4 address serves IPv4 only)",
          "  chat [--port N] [--bind ADDR] [--name NAME] [--motd TEXT] [--password PW]",
          "       [--cluster [--seed HOST:PORT]... [--cluster-host H] [--cluster-port P]]",
          "                                  IRC server (RFC 1459 / RFC 2812 clients such as",
          "                                  irssi, WeeChat, HexChat, ii)",
          "        --port N         TCP port, 0 to 65535 (default wsk-chat.port, 6667)",
          "        --bind ADDR      IP address literal to listen on (default ::, which serves",
          "                         IPv4 and IPv6; an IPv4 address serves IPv4 only)",
          "        --name NAME      server name shown to clients: letters, digits, '-' and '.',",
          "                         with a dot (default irc.wsk-actors.local)",
          "        --motd TEXT      message of the day; \\n separates lines, empty for none",
          "        --password PW    connection password clients must give with PASS",
          // ---- cluster mode (org.wskactors.samples.chat.cluster) ----
          "        --cluster        join a Pekko Cluster of chat servers that form one IRC",
          "                         network (settings in cluster.conf; give each node a --name)",
          "        --seed HOST:PORT cluster node to contact first; repeatable (default: this",
          "                         node, which then starts a new cluster)",
          "        --cluster-host H host name or address other nodes reach this one at",
          "                         (default 127.0.0.1)",
          "        --cluster-port P cluster TCP port, 0 to 65535 (default 2551)",
          "        Every other setting (limits, timeouts, flood control) is a key of the",
          "        wsk-chat section of application.conf: -Dwsk-chat.<key>=<value>.",
          "  help                            print this text",
          "");

  /** What a command line asks for. */
  public sealed interface Invocation {}

  /** Print the usage to stdout and exit {@value #EXIT_OK}. */
  public record Help() implements Invocation {}

  /**
   * Bad command line: print {@code message} and the usage to stderr and exit {@value #EXIT_USAGE}.
   *
   * @param message what is wrong
   */
  public record Invalid(String message) implements Invocation {}

  /**
   * Run the echo server.
   *
   * @param bindAddress the address and port to listen on
   */
  public record Echo(InetSocketAddress bindAddress) implements Invocation {}

  /**
   * Run the UDP echo server and the syslog collector.
   *
   * @param echoAddress the address and port of the UDP echo server
   * @param syslogAddress the address and port of the syslog collector
   */
  public record Datagram(InetSocketAddress echoAddress, InetSocketAddress syslogAddress)
      implements Invocation {}

  /**
   * Run the chat server.
   *
   * @param overrides configuration keys set by the command line ({@code wsk-chat.port} and so on),
   *     over {@code application.conf}; -D system properties override them
   * @param cluster the cluster options ({@code --cluster}), or null for a single node
   */
  public record Chat(Map<String, Object> overrides, ClusterChat.Options cluster)
      implements Invocation {
    /**
     * Copies the overrides, keeping their order.
     *
     * @param overrides configuration keys set by the command line
     * @param cluster the cluster options, or null for a single node
     */
    public Chat {
      overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * A single-node chat server (no {@code --cluster}).
     *
     * @param overrides configuration keys set by the command line
     */
    public Chat(Map<String, Object> overrides) {
      this(overrides, null);
    }
  }

  /**
   * A {@code chat} option that sets a configuration key.
   *
   * @param name the option, e.g. {@code --port}
   * @param key the configuration key it sets
   * @param check returns null when the value is valid, else what is wrong; {@link #value} converts
   *     it
   */
  private record ChatOption(
      String name, String key, java.util.function.Function<String, String> check) {
    Object value(String text) {
      if (key.endsWith(".port")) return Integer.parseInt(text);
      if (key.endsWith(".motd")) return text.replace("\\n", "\n");
      return text;
    }
  }

  /** The options of {@code chat} and the keys of the {@code wsk-chat} section they set. */
  private static final List<ChatOption> CHAT_OPTIONS =
      List.of(
          new ChatOption(
              "--port",
              "wsk-chat.port",
              v -> parsePort(v) == null ? "--port must be 0 to 65535, not '" + v + "'" : null),
          new ChatOption(
              "--bind",
              "wsk-chat.bind",
              v ->
                  parseAddressLiteral(v) == null
                      ? "--bind must be an IPv4 or IPv6 address literal, not '" + v + "'"
                      : null),
          new ChatOption(
              "--name",
              "wsk-chat.server-name",
              v ->
                  ChatSettings.isValidServerName(v)
                      ? null
                      : "--name must be letters, digits, '-' and '.' with a dot (at most 63), not '"
                          + v
                          + "'"),
          new ChatOption("--motd", "wsk-chat.motd", v -> null),
          new ChatOption(
              "--password",
              "wsk-chat.password",
              v ->
                  v.isEmpty() || v.indexOf(' ') >= 0
                      ? "--password must not be empty or hold spaces"
                      : null));

  /**
   * Runs the samples and exits with the code of {@link #run}.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses and runs a command line; returns when the sample has stopped.
   *
   * @param args the command line
   * @param out where help goes
   * @param err where usage errors go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Invocation invocation = parse(args);
    if (invocation instanceof Help) {
      out.print(USAGE);
      return EXIT_OK;
    }
    if (invocation instanceof Invalid invalid) {
      err.println("error: " + invalid.message());
      err.print(USAGE);
      return EXIT_USAGE;
    }
    if (invocation instanceof Echo echo) return runEcho(echo);
    if (invocation instanceof Datagram datagram) return runDatagram(datagram);
    if (invocation instanceof Chat chat) return runChat(chat, err);
    throw new IllegalStateException("unhandled invocation " + invocation);
  }

  /**
   * Parses a command line without side effects.
   *
   * @param args the command line
   * @return the invocation, {@link Invalid} for anything that is not understood
   */
  public static Invocation parse(String... args) {
    if (args == null || args.length == 0) return new Invalid("no command given");
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (args[0]) {
      case "echo":
        return parseEcho(rest);
      case "datagram":
        return parseDatagram(rest);
      case "chat":
        return parseChat(rest);
      case "help":
      case "-h":
      case "--help":
        return rest.isEmpty() ? new Help() : new Invalid("help takes no arguments");
      default:
        return new Invalid("unknown command '" + args[0] + "'");
    }
  }

  private static Invocation parseEcho(List<String> args) {
    Map<String, String> values = new HashMap<>();
    Invocation problem = parseOptions("echo", args, List.of("--port", "--bind"), List.of(), values);
    if (problem != null) return problem;
    Integer port = DEFAULT_ECHO_PORT;
    if (values.containsKey("--port")) {
      port = parsePort(values.get("--port"));
      if (port == null) {
        return new Invalid("echo: --port must be 0 to 65535, not '" + values.get("--port") + "'");
      }
    }
    String bind = values.getOrDefault("--bind", DEFAULT_ECHO_BIND);
    InetAddress address = parseAddressLiteral(bind);
    if (address == null) {
      return new Invalid(
          "echo: --bind must be an IPv4 or IPv6 address literal, not '" + bind + "'");
    }
    return new Echo(new InetSocketAddress(address, port));
  }

  private static Invocation parseDatagram(List<String> args) {
    Map<String, String> values = new HashMap<>();
    Invocation problem =
        parseOptions(
            "datagram", args, List.of("--port", "--syslog-port", "--bind"), List.of(), values);
    if (problem != null) return problem;
    int[] ports = {DEFAULT_DATAGRAM_ECHO_PORT, DEFAULT_SYSLOG_PORT};
    String[] names = {"--port", "--syslog-port"};
    for (int i = 0; i < 2; i++) {
      String value = values.get(names[i]);
      if (value == null) continue;
      Integer p = parsePort(value);
      if (p == null) {
        return new Invalid("datagram: " + names[i] + " must be 0 to 65535, not '" + value + "'");
      }
      ports[i] = p;
    }
    if (ports[0] == ports[1] && ports[0] != 0) {
      return new Invalid("datagram: --port and --syslog-port must differ, both are " + ports[0]);
    }
    String bind = values.getOrDefault("--bind", DEFAULT_DATAGRAM_BIND);
    InetAddress address = parseAddressLiteral(bind);
    if (address == null) {
      return new Invalid(
          "datagram: --bind must be an IPv4 or IPv6 address literal, not '" + bind + "'");
    }
    return new Datagram(
        new InetSocketAddress(address, ports[0]), new InetSocketAddress(address, ports[1]));
  }

  private static Invocation parseChat(List<String> allArgs) {
    // Cluster mode's options (--cluster, --seed, --cluster-host, --cluster-port) first.
    ClusterChat.Parsed cluster = ClusterChat.parseArgs(allArgs);
    if (cluster.error() != null) return new Invalid("chat: " + cluster.error());
    List<String> args = cluster.rest();
    Map<String, String> values = new HashMap<>();
    List<String> names = new java.util.ArrayList<>();
    for (ChatOption o : CHAT_OPTIONS) names.add(o.name());
    Invocation problem = parseOptions("chat", args, names, List.of(), values);
    if (problem != null) return problem;
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (ChatOption o : CHAT_OPTIONS) {
      String value = values.get(o.name());
      if (value == null) continue;
      String wrong = o.check().apply(value);
      if (wrong != null) return new Invalid("chat: " + wrong);
      overrides.put(o.key(), o.value(value));
    }
    return new Chat(overrides, cluster.options());
  }

  /**
   * Reads {@code --name value} and {@code --name=value} options of a command into {@code values},
   * and flags (options without a value, in {@code flags}) as {@code "true"}. Returns null when all
   * were understood, {@link Help} for {@code -h}/{@code --help}, or {@link Invalid}.
   */
  private static Invocation parseOptions(
      String command,
      List<String> args,
      List<String> names,
      List<String> flags,
      Map<String, String> values) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (flags.contains(name) && value == null) {
        values.put(name, "true");
        continue;
      }
      if (!names.contains(name)) {
        if (name.equals("-h") || name.equals("--help")) return new Help();
        return new Invalid(command + ": unknown argument '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.size()) return new Invalid(command + ": " + name + " needs a value");
        value = args.get(++i);
      }
      values.put(name, value);
    }
    return null;
  }

  private static Integer parsePort(String s) {
    if (!s.matches("[0-9]{1,5}")) return null;
    int p = Integer.parseInt(s);
    return p <= 65535 ? p : null;
  }

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /** An IP address literal, never a name lookup; IPv6 may be in brackets. Null if invalid. */
  private static InetAddress parseAddressLiteral(String s) {
    String literal = s;
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    // InetAddress parses a string with ':' as an IPv6 literal (no lookup) and fails otherwise.
    if (!literal.contains(":") && !IPV4.matcher(literal).matches()) return null;
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  // ---- echo ----------------------------------------------------------------------------------

  private static int runEcho(Echo echo) {
    // Initialise logging before Pekko starts threads that log (no SLF4J "replay" warning).
    LoggerFactory.getILoggerFactory();
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    ActorSystem<ServerStartup> system =
        ActorSystem.create(echoGuardian(echo.bindAddress(), exitCode), "wsk-samples-echo");
    // CoordinatedShutdown is loaded lazily; load it now so that its JVM shutdown hook makes
    // Ctrl-C / SIGTERM stop the server gracefully (sockets closed, registration ended).
    CoordinatedShutdown.get(system);
    system.getWhenTerminated().toCompletableFuture().join();
    return exitCode.getNow(EXIT_OK);
  }

  /**
   * The guardian of the echo command: spawns and watches the server; when the server cannot start
   * or stops, it records {@link #EXIT_FAILURE} and stops, which terminates the ActorSystem.
   */
  private static Behavior<ServerStartup> echoGuardian(
      InetSocketAddress bindAddress, CompletableFuture<Integer> exitCode) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<EchoServer.Command> server =
              ctx.spawn(EchoServer.create(bindAddress, ctx.getSelf()), "echo-server");
          ctx.watch(server);
          return Behaviors.receive(ServerStartup.class)
              .onMessage(ServerStartup.Listening.class, m -> Behaviors.same())
              .onMessage(
                  ServerStartup.StartFailed.class,
                  m -> {
                    exitCode.complete(EXIT_FAILURE);
                    return Behaviors.stopped();
                  })
              .onSignal(
                  Terminated.class,
                  t -> {
                    exitCode.complete(EXIT_FAILURE);
                    return Behaviors.stopped();
                  })
              .build();
        });
  }

  // ---- datagram ------------------------------------------------------------------------------

  private static int runDatagram(Datagram datagram) {
    LoggerFactory.getILoggerFactory();
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    ActorSystem<ServerStartup> system =
        ActorSystem.create(datagramGuardian(datagram, exitCode), "wsk-samples-datagram");
    CoordinatedShutdown.get(system);
    system.getWhenTerminated().toCompletableFuture().join();
    return exitCode.getNow(EXIT_OK);
  }

  /**
   * The guardian of the datagram command: spawns and watches the UDP echo server and the syslog
   * collector; when either cannot start or stops, it records {@link #EXIT_FAILURE} and stops (which
   * stops the other and terminates the ActorSystem).
   */
  private static Behavior<ServerStartup> datagramGuardian(
      Datagram datagram, CompletableFuture<Integer> exitCode) {
    return Behaviors.setup(
        ctx -> {
          ctx.watch(
              ctx.spawn(
                  UdpEchoServer.create(datagram.echoAddress(), ctx.getSelf()),
                  "udp-echo-server",
                  // It never blocks: next to its socket, every echo stays on one thread.
                  DispatcherSelector.fromConfig(
                      WskSettings.create(ctx.getSystem()).socketDispatcher())));
          ctx.watch(
              ctx.spawn(
                  SyslogCollector.create(datagram.syslogAddress(), ctx.getSelf(), null),
                  "syslog-collector"));
          return Behaviors.receive(ServerStartup.class)
              .onMessage(ServerStartup.Listening.class, m -> Behaviors.same())
              .onMessage(ServerStartup.StartFailed.class, m -> failed(exitCode))
              .onSignal(Terminated.class, t -> failed(exitCode))
              .build();
        });
  }

  private static <T> Behavior<T> failed(CompletableFuture<Integer> exitCode) {
    exitCode.complete(EXIT_FAILURE);
    return Behaviors.stopped();
  }

  // ---- chat ----------------------------------------------------------------------------------

  /**
   * The configuration of {@code chat}: -D system properties, the command line, application.conf.
   */
  static Config chatConfig(Chat chat) {
    return ConfigFactory.systemProperties()
        .withFallback(ConfigFactory.parseMap(chat.overrides()))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** The ActorSystem name of {@code chat}: the same on every node of a cluster. */
  static final String CHAT_SYSTEM_NAME = "wsk-samples-chat";

  private static int runChat(Chat chat, PrintStream err) {
    LoggerFactory.getILoggerFactory();
    Config config = chatConfig(chat);
    ChatSettings settings;
    try {
      settings = ChatSettings.create(config);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return EXIT_FAILURE;
    }
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    ChatServer.BackendFactory backend = LocalChatBackend::spawn;
    if (chat.cluster() != null) {
      config = ClusterChat.config(CHAT_SYSTEM_NAME, chat.cluster(), config);
      backend = ClusterChat.backendFactory();
    }
    ActorSystem<ServerStartup> system =
        ActorSystem.create(chatGuardian(settings, backend, exitCode), CHAT_SYSTEM_NAME, config);
    CoordinatedShutdown.get(system);
    system.getWhenTerminated().toCompletableFuture().join();
    return exitCode.getNow(EXIT_OK);
  }

  /**
   * The guardian of the chat command: spawns and watches the server and adds a coordinated shutdown
   * task (phase service-unbind) that asks it to say goodbye to every client ({@link
   * ChatServer.Shutdown}). When the server cannot start or stops on its own, it records {@link
   * #EXIT_FAILURE} and stops, which terminates the ActorSystem.
   */
  private static Behavior<ServerStartup> chatGuardian(
      ChatSettings settings,
      ChatServer.BackendFactory backend,
      CompletableFuture<Integer> exitCode) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<ChatServer.Command> server =
              ctx.spawn(ChatServer.create(settings, backend, ctx.getSelf()), "chat-server");
          ctx.watch(server);
          AtomicBoolean serverAlive = new AtomicBoolean(true);
          AtomicBoolean stopping = new AtomicBoolean(false);
          Duration goodbye = settings.closeLinger().plus(settings.replyTimeout()).plusSeconds(1);
          CoordinatedShutdown.get(ctx.getSystem())
              .addTask(
                  CoordinatedShutdown.PhaseServiceUnbind(),
                  "chat-server-goodbye",
                  () -> {
                    stopping.set(true);
                    if (!serverAlive.get())
                      return CompletableFuture.completedFuture(Done.getInstance());
                    CompletionStage<Done> done =
                        AskPattern.ask(
                            server,
                            replyTo -> new ChatServer.Shutdown("Server shutting down", replyTo),
                            goodbye,
                            ctx.getSystem().scheduler());
                    return done.exceptionally(failure -> Done.getInstance());
                  });
          return Behaviors.receive(ServerStartup.class)
              .onMessage(ServerStartup.Listening.class, m -> Behaviors.same())
              .onMessage(
                  ServerStartup.StartFailed.class,
                  m -> {
                    serverAlive.set(false);
                    return failed(exitCode);
                  })
              .onSignal(
                  Terminated.class,
                  t -> {
                    serverAlive.set(false);
                    // During coordinated shutdown the guardian stays: stopping it would end the
                    // ActorSystem before the later phases ran (in cluster mode: leaving the
                    // cluster, which then never completes and holds the JVM until timeouts).
                    // The phase actor-system-terminate ends the system.
                    return stopping.get() ? Behaviors.empty() : failed(exitCode);
                  })
              .build();
        });
  }
}
