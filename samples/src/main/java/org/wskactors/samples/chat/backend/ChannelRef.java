package org.wskactors.samples.chat.backend;

/**
 * Where a session sends a channel's commands: a local actor in single-node mode, a sharded entity
 * in cluster mode. Obtained from {@link ChatBackend#channel(String)}.
 */
@FunctionalInterface
public interface ChannelRef {
  /**
   * Sends a command to the channel (created on first use).
   *
   * @param command the command
   */
  void tell(ChannelCommand command);
}
