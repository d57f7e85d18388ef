package org.wskactors.samples.chat.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The settings of cluster mode, read from {@code wsk-actors.chat.cluster} (defaults and comments in
 * {@code cluster.conf}).
 *
 * @param readTimeout how long an entity that starts waits for a majority read of its saved state
 * @param writeTimeout how long a majority write of an entity's state may take
 * @param stashCapacity commands an entity buffers while it restores its state
 * @param wakeAttempts how often a channel of a lost node is woken (each attempt waits {@code
 *     readTimeout} for an answer) before giving up
 */
public record ClusterChatSettings(
    Duration readTimeout, Duration writeTimeout, int stashCapacity, int wakeAttempts) {

  /** The config path of these settings. */
  public static final String PATH = "wsk-actors.chat.cluster";

  /**
   * Reads the settings from an ActorSystem's config.
   *
   * @param system the system
   * @return the validated settings
   * @throws IllegalArgumentException for a value out of range
   */
  public static ClusterChatSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /**
   * Reads the settings.
   *
   * @param root the root config (with {@code cluster.conf} included)
   * @return the validated settings
   * @throws IllegalArgumentException for a value out of range
   */
  public static ClusterChatSettings create(Config root) {
    Config c = root.getConfig(PATH);
    Duration read = positive(c, "read-timeout");
    Duration write = positive(c, "write-timeout");
    int stash = c.getInt("stash-capacity");
    if (stash < 1) throw new IllegalArgumentException(PATH + ".stash-capacity must be >= 1");
    int wake = c.getInt("wake-attempts");
    if (wake < 1) throw new IllegalArgumentException(PATH + ".wake-attempts must be >= 1");
    return new ClusterChatSettings(read, write, stash, wake);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(PATH + "." + key + " must be positive, not " + d);
    }
    return d;
  }
}
