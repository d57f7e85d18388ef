package org.wskactors.benchmarks.servers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.slf4j.LoggerFactory;

/**
 * What every benchmark peer shares: quiet logging, the bind address from the command line, and the
 * first line of stdout ({@code PORT n}) that tells the harness where the peer listens.
 */
public final class ServerSupport {
  private ServerSupport() {}

  /** The prefix of the line a peer prints once it listens. */
  public static final String PORT_PREFIX = "PORT ";

  /**
   * Lowers logging to WARN before anything logs, so per-connection INFO lines of a peer do not cost
   * time in the measurement and do not come before the port line.
   */
  public static void quietLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }
  }

  /**
   * The address to bind: {@code args[0]} as host (default {@code 127.0.0.1}), {@code args[1]} as
   * port (default 0, any free port).
   *
   * @param args the peer's command line
   * @return the resolved address
   */
  public static InetSocketAddress bindAddress(String[] args) {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad bind host " + host, e);
    }
  }

  /**
   * Prints {@code PORT n} on stdout and flushes it: the harness waits for this line.
   *
   * @param port the bound port
   */
  public static void announce(int port) {
    System.out.println(PORT_PREFIX + port);
    System.out.flush();
  }

  /**
   * Prints why the peer could not start on stderr and exits with status 1.
   *
   * @param why the reason
   */
  public static void fail(String why) {
    System.err.println("peer failed to start: " + why);
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}
