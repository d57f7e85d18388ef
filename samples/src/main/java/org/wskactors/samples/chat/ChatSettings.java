package org.wskactors.samples.chat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The chat server's settings, read from the {@code wsk-chat} section of the configuration (the
 * samples' {@code application.conf}, where every key is documented with its meaning, unit and
 * range). Code holds no defaults; the command line of {@code chat} overrides keys before they are
 * read here.
 *
 * @param port TCP port ({@code port}), 0 to 65535, 0 for any free port
 * @param bind the address to listen on ({@code bind}), an IP literal; {@code ::} is dual-stack
 * @param serverName the server's name in prefixes and numerics ({@code server-name})
 * @param networkName the network's name in {@code 005 NETWORK=} ({@code network-name})
 * @param motd the message of the day text ({@code motd}), lines separated by LF; empty for none
 * @param motdFile a UTF-8 file whose lines are the message of the day ({@code motd-file}); when not
 *     empty it wins over {@code motd}
 * @param password the connection password clients give with PASS ({@code password}); empty for none
 * @param maxConnections connections the server serves at once ({@code connections.max-total})
 * @param maxConnectionsPerAddress connections from one IP address at once ({@code
 *     connections.max-per-address})
 * @param registrationTimeout how long a connection may take to register ({@code
 *     registration-timeout})
 * @param pingInterval time without a complete line after which the server sends PING ({@code
 *     ping-interval}); bytes of an unfinished line do not count
 * @param pingTimeout time after a PING without a complete line before the connection is dropped
 *     ({@code ping-timeout})
 * @param sendQueueLimit bytes queued for a client and not yet taken by the transport before it is
 *     dropped with {@code SendQ exceeded} ({@code send-queue-limit})
 * @param floodBurst lines a client may send at once before it is throttled ({@code flood.burst})
 * @param floodInterval time per line once throttled ({@code flood.interval})
 * @param nickLength {@code NICKLEN} ({@code nick-length})
 * @param channelLength {@code CHANNELLEN} ({@code channel-length})
 * @param topicLength {@code TOPICLEN}, longer topics are cut ({@code topic-length})
 * @param maxChannelsPerUser {@code CHANLIMIT}, channels a user may be in ({@code
 *     max-channels-per-user})
 * @param maxTargets {@code MAXTARGETS}, targets of one PRIVMSG, NOTICE, KICK or WHOIS ({@code
 *     max-targets})
 * @param closeLinger how long a closing connection waits for the client's FIN before it is reset
 *     ({@code close-linger})
 * @param replyTimeout how long a session waits for an answer of the chat backend ({@code
 *     reply-timeout})
 */
public record ChatSettings(
    int port,
    InetAddress bind,
    String serverName,
    String networkName,
    String motd,
    String motdFile,
    String password,
    int maxConnections,
    int maxConnectionsPerAddress,
    Duration registrationTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    long sendQueueLimit,
    int floodBurst,
    Duration floodInterval,
    int nickLength,
    int channelLength,
    int topicLength,
    int maxChannelsPerUser,
    int maxTargets,
    Duration closeLinger,
    Duration replyTimeout) {

  /** The configuration section. */
  public static final String SECTION = "wsk-chat";

  /**
   * Reads the settings from an ActorSystem's configuration.
   *
   * @param system the system
   * @return the settings
   * @throws IllegalArgumentException when a value is out of range
   */
  public static ChatSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /**
   * Reads and checks the {@value #SECTION} section of a configuration.
   *
   * @param root the whole configuration
   * @return the settings
   * @throws IllegalArgumentException when a key is missing, of the wrong type or out of range
   */
  public static ChatSettings create(Config root) {
    try {
      Config c = root.getConfig(SECTION);
      return new ChatSettings(
          range(c, "port", c.getInt("port"), 0, 65535),
          address(c.getString("bind")),
          serverName(c.getString("server-name")),
          token(c, "network-name", c.getString("network-name")),
          c.getString("motd"),
          c.getString("motd-file"),
          password(c.getString("password")),
          range(c, "connections.max-total", c.getInt("connections.max-total"), 1, 1_000_000),
          range(
              c,
              "connections.max-per-address",
              c.getInt("connections.max-per-address"),
              1,
              1_000_000),
          duration(c, "registration-timeout", Duration.ofMillis(100), Duration.ofHours(1)),
          duration(c, "ping-interval", Duration.ofMillis(100), Duration.ofHours(1)),
          duration(c, "ping-timeout", Duration.ofMillis(100), Duration.ofHours(1)),
          rangeLong(c, "send-queue-limit", c.getBytes("send-queue-limit"), 4096, 1L << 30),
          range(c, "flood.burst", c.getInt("flood.burst"), 1, 1_000_000),
          duration(c, "flood.interval", Duration.ofNanos(1), Duration.ofMinutes(1)),
          range(c, "nick-length", c.getInt("nick-length"), 1, 100),
          range(c, "channel-length", c.getInt("channel-length"), 2, 200),
          range(c, "topic-length", c.getInt("topic-length"), 1, 400),
          range(c, "max-channels-per-user", c.getInt("max-channels-per-user"), 1, 10_000),
          range(c, "max-targets", c.getInt("max-targets"), 1, 100),
          duration(c, "close-linger", Duration.ZERO, Duration.ofMinutes(1)),
          duration(c, "reply-timeout", Duration.ofMillis(100), Duration.ofMinutes(5)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Whether clients must give {@link #password()} with PASS.
   *
   * @return true when a password is set
   */
  public boolean passwordRequired() {
    return !password.isEmpty();
  }

  private static int range(Config c, String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          SECTION + "." + key + " must be " + min + " to " + max + ", not " + value);
    }
    return value;
  }

  private static long rangeLong(Config c, String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          SECTION + "." + key + " must be " + min + " to " + max + " bytes, not " + value);
    }
    return value;
  }

  private static Duration duration(Config c, String key, Duration min, Duration max) {
    Duration d = c.getDuration(key);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          SECTION + "." + key + " must be " + min + " to " + max + ", not " + d);
    }
    return d;
  }

  private static InetAddress address(String literal) {
    String s =
        literal.startsWith("[") && literal.endsWith("]")
            ? literal.substring(1, literal.length() - 1)
            : literal;
    if (!s.contains(":") && !s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      throw new IllegalArgumentException(
          SECTION + ".bind must be an IP address literal: " + literal);
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          SECTION + ".bind must be an IP address literal: " + literal);
    }
  }

  /**
   * Whether a text can be a server name: letters, digits, {@code -} and {@code .}, with at least
   * one dot (so clients cannot take it for a nick), at most 63 characters.
   *
   * @param name the name
   * @return true when valid
   */
  public static boolean isValidServerName(String name) {
    return name != null
        && name.length() <= 63
        && name.indexOf('.') > 0
        && name.matches("[A-Za-z0-9][A-Za-z0-9.-]*");
  }

  private static String serverName(String name) {
    if (!isValidServerName(name)) {
      throw new IllegalArgumentException(
          SECTION
              + ".server-name must be letters, digits, '-' and '.', with a dot: '"
              + name
              + "'");
    }
    return name;
  }

  private static String token(Config c, String key, String value) {
    if (value.isEmpty() || !value.matches("[\\x21-\\x7e]+")) {
      throw new IllegalArgumentException(
          SECTION + "." + key + " must be printable ASCII without spaces");
    }
    return value;
  }

  private static String password(String value) {
    if (value.indexOf(' ') >= 0) {
      throw new IllegalArgumentException(SECTION + ".password must not hold spaces");
    }
    return value;
  }
}
