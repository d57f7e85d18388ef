package org.wskactors.samples.chat.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.wskactors.samples.chat.ChannelActor;
import org.wskactors.samples.chat.ChatServer;
import org.wskactors.samples.chat.backend.ChatBackend;

/**
 * Cluster mode of the chat sample ({@code chat --cluster}): the ActorSystem configuration of a chat
 * node and the start of its {@link ClusterChatBackend}.
 *
 * <p>Usage from the command line: {@code chat --port 6667 --cluster --cluster-port 2551 --seed
 * 127.0.0.1:2551} on the first node, {@code chat --port 6668 --cluster --cluster-port 2552 --seed
 * 127.0.0.1:2551} on the next. Every node of one network must use the same ActorSystem name.
 */
public final class ClusterChat {
  private ClusterChat() {}

  /** The classpath resource with the cluster settings, commented. */
  public static final String RESOURCE = "cluster.conf";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):([0-9]{1,5})");

  /**
   * Where this node listens and whom it contacts, as given on the command line; null or empty
   * fields keep the values of {@code cluster.conf} (or {@code -D} system properties).
   *
   * @param host the canonical host name or address ({@code --cluster-host}), or null
   * @param port the cluster port ({@code --cluster-port}, 0 to 65535), or null
   * @param seeds the seed nodes as {@code host:port} ({@code --seed}, repeatable)
   */
  public record Options(String host, Integer port, List<String> seeds) {
    /**
     * Copies the seeds.
     *
     * @param host the canonical host name or address, or null
     * @param port the cluster port, or null
     * @param seeds the seed nodes as {@code host:port}; null for none
     */
    public Options {
      seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }
  }

  /**
   * The command-line options of cluster mode, taken out of a {@code chat} command line.
   *
   * @param options the cluster options, or null when {@code --cluster} is not given
   * @param rest the other arguments, in order
   * @param error what is wrong, or null
   */
  public record Parsed(Options options, List<String> rest, String error) {}

  /**
   * Takes {@code --cluster}, {@code --seed} (repeatable), {@code --cluster-host} and {@code
   * --cluster-port} (also as {@code --name=value}) out of a command line.
   *
   * @param args the arguments of {@code chat}
   * @return the cluster options, the remaining arguments and any error
   */
  public static Parsed parseArgs(List<String> args) {
    boolean cluster = false;
    String host = null;
    Integer port = null;
    List<String> seeds = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (name.equals("--cluster") && value == null) {
        cluster = true;
        continue;
      }
      if (!name.equals("--seed")
          && !name.equals("--cluster-host")
          && !name.equals("--cluster-port")) {
        rest.add(arg);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) return new Parsed(null, rest, name + " needs a value");
        value = args.get(++i);
      }
      switch (name) {
        case "--seed" -> {
          String problem = checkSeed(value);
          if (problem != null) return new Parsed(null, rest, problem);
          seeds.add(value);
        }
        case "--cluster-host" -> {
          if (value.isEmpty() || value.indexOf(' ') >= 0) {
            return new Parsed(null, rest, "--cluster-host must be a host name or address");
          }
          host = value;
        }
        default -> {
          if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) > 65535) {
            return new Parsed(null, rest, "--cluster-port must be 0 to 65535, not '" + value + "'");
          }
          port = Integer.parseInt(value);
        }
      }
    }
    if (!cluster) {
      if (host != null || port != null || !seeds.isEmpty()) {
        return new Parsed(null, rest, "--seed, --cluster-host and --cluster-port need --cluster");
      }
      return new Parsed(null, rest, null);
    }
    return new Parsed(new Options(host, port, seeds), rest, null);
  }

  /**
   * Checks a {@code --seed} value.
   *
   * @param seed {@code host:port}, IPv6 hosts in brackets
   * @return null when valid, else what is wrong
   */
  public static String checkSeed(String seed) {
    Matcher m = HOST_PORT.matcher(seed);
    if (!m.matches()) return "--seed must be host:port, not '" + seed + "'";
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) return "--seed port must be 1 to 65535, not '" + m.group(2) + "'";
    return null;
  }

  /**
   * The seed node address for {@code host:port}.
   *
   * @param systemName the ActorSystem name of the network
   * @param seed {@code host:port}
   * @return the Pekko address {@code pekko://systemName@host:port}
   * @throws IllegalArgumentException when {@link #checkSeed} finds it invalid
   */
  public static String seedAddress(String systemName, String seed) {
    String problem = checkSeed(seed);
    if (problem != null) throw new IllegalArgumentException(problem);
    return "pekko://" + systemName + "@" + seed;
  }

  /**
   * The configuration of a cluster chat node: {@code -D} system properties, then the options, then
   * {@code cluster.conf}, then {@code base} (normally {@code application.conf} with the libraries'
   * {@code reference.conf}).
   *
   * @param systemName the ActorSystem name (the same on every node)
   * @param options host, port and seeds from the command line
   * @param base the configuration below cluster mode, e.g. {@code ConfigFactory.load()}
   * @return the resolved configuration; with no seed anywhere, this node is its own seed
   */
  public static Config config(String systemName, Options options, Config base) {
    Map<String, Object> o = new HashMap<>();
    if (options.host() != null) o.put("pekko.remote.artery.canonical.hostname", options.host());
    if (options.port() != null) o.put("pekko.remote.artery.canonical.port", options.port());
    if (!options.seeds().isEmpty()) {
      List<String> seeds = new ArrayList<>();
      for (String s : options.seeds()) seeds.add(seedAddress(systemName, s));
      o.put("pekko.cluster.seed-nodes", seeds);
    }
    Config config =
        ConfigFactory.systemProperties()
            .withFallback(ConfigFactory.parseMap(o))
            .withFallback(
                ConfigFactory.parseResources(ClusterChat.class.getClassLoader(), RESOURCE))
            .withFallback(base)
            .resolve();
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()
        && config.getInt("pekko.remote.artery.canonical.port") != 0) {
      // No seed anywhere: this node is the first one and joins itself.
      String self =
          config.getString("pekko.remote.artery.canonical.hostname")
              + ":"
              + config.getInt("pekko.remote.artery.canonical.port");
      String host = self.substring(0, self.lastIndexOf(':'));
      if (host.contains(":")) self = "[" + host + "]" + self.substring(self.lastIndexOf(':'));
      config =
          ConfigFactory.parseMap(
                  Map.of("pekko.cluster.seed-nodes", List.of(seedAddress(systemName, self))))
              .withFallback(config);
    }
    return config;
  }

  /**
   * The configuration of a cluster chat node over {@code ConfigFactory.load()}.
   *
   * @param systemName the ActorSystem name (the same on every node)
   * @param options host, port and seeds from the command line
   * @return the resolved configuration
   */
  public static Config config(String systemName, Options options) {
    return config(systemName, options, ConfigFactory.load());
  }

  /**
   * Starts the cluster backend on a system made with {@link #config}, with the chat server's {@link
   * ChannelActor}; the chat server then uses it as its {@link ChatBackend}. Call once per system.
   *
   * @param system the node's system
   * @param serverName this node's server name (different on every node)
   * @return the backend, with its sharding regions and network view running
   */
  public static ChatBackend start(ActorSystem<?> system, String serverName) {
    return ClusterChatBackend.create(system, serverName, ChannelActor::create);
  }

  /**
   * The backend factory of a chat server in cluster mode: {@code ChatServer.create(settings,
   * ClusterChat.backendFactory(), listener)} on a system made with {@link #config}.
   *
   * @return a factory that starts the cluster backend on the chat server's system
   */
  public static ChatServer.BackendFactory backendFactory() {
    return (ctx, settings) -> start(ctx.getSystem(), settings.serverName());
  }
}
