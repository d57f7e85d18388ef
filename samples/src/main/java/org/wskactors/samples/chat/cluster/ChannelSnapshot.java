package org.wskactors.samples.chat.cluster;

import java.util.List;
import org.wskactors.samples.chat.backend.CborSerializable;
import org.wskactors.samples.chat.backend.ChannelCommand;

/**
 * What the network knows of one channel, kept in the Distributed Data map {@value
 * ChannelEntity#CHANNELS_ID} (folded name to snapshot) by the channel's entity after every change:
 * LIST and LUSERS read it on every node, and an entity that starts again on another node (its node
 * left or was lost) restores the channel from it.
 *
 * @param display the display name
 * @param topic the topic, or null
 * @param topicSetBy who set the topic, or null
 * @param topicSetAt when, seconds since the epoch
 * @param members the members with their flags
 * @param secret +s
 * @param modes the mode string, e.g. {@code +ntk}
 * @param modeParams the parameters of the modes in order
 * @param createdAt channel creation, seconds since the epoch
 * @param bans the ban masks
 * @param node the address of the node whose entity wrote it
 */
record ChannelSnapshot(
    String display,
    String topic,
    String topicSetBy,
    long topicSetAt,
    List<ChannelCommand.Member> members,
    boolean secret,
    String modes,
    List<String> modeParams,
    long createdAt,
    List<String> bans,
    String node)
    implements CborSerializable {

  ChannelSnapshot {
    members = members == null ? List.of() : List.copyOf(members);
    modeParams = modeParams == null ? List.of() : List.copyOf(modeParams);
    bans = bans == null ? List.of() : List.copyOf(bans);
  }

  /** The LIST line of this channel. */
  ChannelCommand.ChannelSummary summary() {
    return new ChannelCommand.ChannelSummary(display, members.size(), topic == null ? "" : topic);
  }
}
