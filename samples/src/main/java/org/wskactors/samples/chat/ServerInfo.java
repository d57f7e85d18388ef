package org.wskactors.samples.chat;

import java.time.Instant;
import java.util.List;

/**
 * What the {@link ChatServer} tells each {@link ClientSession} about itself when it spawns it.
 *
 * @param version the server's version, shown by 002, 004 and VERSION
 * @param started when the server started, shown by 003
 * @param motd the message of the day, one entry per line; empty when there is none (422)
 */
public record ServerInfo(String version, Instant started, List<String> motd) {

  /**
   * Copies the MOTD lines.
   *
   * @param version the version
   * @param started the start time
   * @param motd the MOTD lines
   */
  public ServerInfo {
    motd = List.copyOf(motd);
  }
}
