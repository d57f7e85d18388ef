package org.wskactors.samples;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;
import org.wskactors.samples.echo.EchoServer;

/**
 * The command line of the samples jar: {@code java -jar wsk-actors-samples.jar <command>
 * [options]}.
 *
 * <p>Commands: {@code echo [--port N] [--bind ADDR]} runs an {@link EchoServer} until the process
 * is stopped (Ctrl-C runs Pekko's coordinated shutdown). Parsing is separate from running ({@link
 * #parse}, {@link #run}) so tests can check it without exiting the JVM. Exit codes: {@value
 * #EXIT_OK} after a normal stop, {@value #EXIT_FAILURE} when the server could not start or failed,
 * {@value #EXIT_USAGE} for an unknown command or bad arguments (with the usage on stderr).
 *
 * <p>To add a command ({@code chat}, {@code datagram}): a record implementing {@link Invocation},
 * a case in {@link #parse}, a branch in {@link #run}, and a line in {@link #USAGE}.
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
      case "help":
      case "-h":
      case "--help":
        return rest.isEmpty() ? new Help() : new Invalid("help takes no arguments");
      default:
        return new Invalid("unknown command '" + args[0] + "'");
    }
  }

  private static Invocation parseEcho(List<String> args) {
    int port = DEFAULT_ECHO_PORT;
    String bind = DEFAULT_ECHO_BIND;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--port") && !name.equals("--bind")) {
        if (name.equals("-h") || name.equals("--help")) return new Help();
        return new Invalid("echo: unknown argument '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.size()) return new Invalid("echo: " + name + " needs a value");
        value = args.get(++i);
      }
      if (name.equals("--port")) {
        Integer p = parsePort(value);
        if (p == null) return new Invalid("echo: --port must be 0 to 65535, not '" + value + "'");
        port = p;
      } else {
        bind = value;
      }
    }
    InetAddress address = parseAddressLiteral(bind);
    if (address == null) {
      return new Invalid("echo: --bind must be an IPv4 or IPv6 address literal, not '" + bind + "'");
    }
    return new Echo(new InetSocketAddress(address, port));
  }

  private static Integer parsePort(String s) {
    if (!s.matches("[0-9]{1,5}")) return null;
    int p = Integer.parseInt(s);
    return p <= 65535 ? p : null;
  }

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

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
    ActorSystem<EchoServer.Startup> system =
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
  private static Behavior<EchoServer.Startup> echoGuardian(
      InetSocketAddress bindAddress, CompletableFuture<Integer> exitCode) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<EchoServer.Command> server =
              ctx.spawn(EchoServer.create(bindAddress, ctx.getSelf()), "echo-server");
          ctx.watch(server);
          return Behaviors.receive(EchoServer.Startup.class)
              .onMessage(EchoServer.Listening.class, m -> Behaviors.same())
              .onMessage(
                  EchoServer.StartFailed.class,
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
}
