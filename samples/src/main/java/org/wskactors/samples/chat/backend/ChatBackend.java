package org.wskactors.samples.chat.backend;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The shared state of the chat network behind one seam, so a session does not know whether it runs
 * on one node or on a Pekko Cluster: channels, the nick registry, and the network-wide LIST and
 * LUSERS views. Implementations: a local one (actors in this JVM) and a cluster one (sharded
 * entities, distributed data).
 */
public interface ChatBackend {

  /**
   * The channel with this folded name; it exists from its first JOIN until it is empty.
   *
   * @param folded the channel name folded by the case mapping
   * @return where sessions send that channel's commands
   */
  ChannelRef channel(String folded);

  /** {@return the nick registry, where sessions claim, change and release nicks} */
  ActorRef<NickCommand> nicks();

  /**
   * Lists the channels of the whole network (for LIST): every channel with at least one member.
   *
   * @param replyTo receives the {@link ChannelCommand.ChannelList}
   */
  void listChannels(ActorRef<ChannelCommand.ChannelList> replyTo);

  /**
   * Counts users, channels and servers of the whole network (for LUSERS).
   *
   * @param replyTo receives the {@link ChannelCommand.NetworkCounts}
   */
  void counts(ActorRef<ChannelCommand.NetworkCounts> replyTo);

  /** {@return the name of this server (node) as users see it in prefixes and numerics} */
  String serverName();
}
