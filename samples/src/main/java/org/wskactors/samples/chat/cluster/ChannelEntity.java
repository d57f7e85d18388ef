package org.wskactors.samples.chat.cluster;

import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.wskactors.samples.chat.backend.ChannelCommand;

/** One channel of the network as a Cluster Sharding entity (behaviour to come with ChannelActor). */
final class ChannelEntity {
  private ChannelEntity() {}

  /** The entity type name. */
  static final String TYPE_NAME = "chat-channel";

  /** The sharding key of channel entities. */
  static final EntityTypeKey<ChannelCommand> TYPE_KEY =
      EntityTypeKey.create(ChannelCommand.class, TYPE_NAME);

  /** The Distributed Data key of the channel snapshots (folded name to snapshot). */
  static final String CHANNELS_ID = "chat-channels";

  /** The channel snapshots. */
  static final Key<LWWMap<String, ChannelSnapshot>> CHANNELS = LWWMapKey.create(CHANNELS_ID);
}
