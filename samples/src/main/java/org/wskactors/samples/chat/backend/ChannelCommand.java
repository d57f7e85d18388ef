package org.wskactors.samples.chat.backend;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The protocol of one IRC channel actor (local child or sharded entity). Every command names the
 * acting user; replies go to the {@code replyTo} the session gives, broadcasts go straight to the
 * members' sessions as {@link SessionEvent.Deliver} lines, in the order the channel sends them.
 *
 * <p>Errors come back as {@link Refused} carrying the RFC 2812 numeric and its text; the session
 * formats it for its client. Channel names in commands are folded; the channel keeps the display
 * name of its first JOIN.
 */
public sealed interface ChannelCommand extends CborSerializable {

  /** A channel's answer: {@link Done}, {@link Refused} or a command-specific result. */
  sealed interface Reply extends CborSerializable {}

  /** The command was applied (its broadcast, if any, was sent before this reply). */
  record Done(String channel) implements Reply {}

  /**
   * The command was refused.
   *
   * @param channel the channel's display name
   * @param numeric the RFC numeric (403, 404, 441, 442, 443, 471, 472, 473, 474, 475, 482, ...)
   * @param params extra parameters of the numeric before the text (e.g. the nick for 441)
   * @param text the trailing text
   */
  record Refused(String channel, int numeric, List<String> params, String text) implements Reply {}

  /**
   * A member as shown by NAMES and WHO.
   *
   * @param user the user
   * @param operator has +o
   * @param voiced has +v
   */
  record Member(UserInfo user, boolean operator, boolean voiced) implements CborSerializable {}

  /**
   * JOIN succeeded: the JOIN line was broadcast (the joiner got it too) before this reply.
   *
   * @param channel the display name
   * @param topic the topic or null
   * @param topicSetBy who set it, or null
   * @param topicSetAt when, seconds since the epoch (0 when unknown)
   * @param members the members after the join
   * @param secret +s (NAMES shows {@code @} instead of {@code =})
   */
  record Joined(
      String channel,
      String topic,
      String topicSetBy,
      long topicSetAt,
      List<Member> members,
      boolean secret)
      implements Reply {}

  /**
   * The topic, for a TOPIC query.
   *
   * @param channel the display name
   * @param topic the topic or null (331)
   * @param setBy who set it
   * @param setAt when
   */
  record TopicIs(String channel, String topic, String setBy, long setAt) implements Reply {}

  /**
   * The members, for NAMES and WHO.
   *
   * @param channel the display name
   * @param members the members
   * @param secret +s
   */
  record MembersAre(String channel, List<Member> members, boolean secret) implements Reply {}

  /**
   * The modes, for a MODE query (324, 329).
   *
   * @param channel the display name
   * @param modes e.g. {@code +ntkl}
   * @param modeParams parameters of the modes in order (key, limit), shown to members only
   * @param createdAt channel creation, seconds since the epoch
   */
  record ModesAre(String channel, String modes, List<String> modeParams, long createdAt)
      implements Reply {}

  /**
   * The ban list, for {@code MODE #chan +b} without a mask (367, 368).
   *
   * @param channel the display name
   * @param masks the ban masks
   */
  record BansAre(String channel, List<String> masks) implements Reply {}

  /**
   * One channel in a LIST.
   *
   * @param channel the display name
   * @param users the member count
   * @param topic the topic or empty
   */
  record ChannelSummary(String channel, int users, String topic) implements CborSerializable {}

  /**
   * The network's channels, for LIST.
   *
   * @param channels the channels
   */
  record ChannelList(List<ChannelSummary> channels) implements CborSerializable {}

  /**
   * The network's counts, for LUSERS.
   *
   * @param users registered users
   * @param invisible users with +i
   * @param channels channels
   * @param servers servers (nodes)
   * @param localUsers users of this server
   */
  record NetworkCounts(int users, int invisible, int channels, int servers, int localUsers)
      implements CborSerializable {}

  // ---- commands ------------------------------------------------------------------------------

  /**
   * JOIN: 471 (+l full), 473 (+i without invite), 474 (banned), 475 (bad key). The first member
   * becomes operator.
   *
   * @param folded the folded channel name
   * @param display the name as the user typed it (used if the channel is new)
   * @param user the joiner
   * @param key the key given, or null
   * @param replyTo receives {@link Joined} or {@link Refused}
   */
  record Join(String folded, String display, UserInfo user, String key, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * PART (442 when not a member); broadcasts PART to all members including the parting one.
   *
   * @param folded the folded channel name
   * @param user the user
   * @param reason the part message, or null
   * @param replyTo receives {@link Done} or {@link Refused}
   */
  record Part(String folded, UserInfo user, String reason, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * PRIVMSG or NOTICE to the channel: delivered to every member but the sender. 404 when +n and not
   * a member, or +m and neither voiced nor operator, or banned; a NOTICE is never answered.
   *
   * @param folded the folded channel name
   * @param user the sender
   * @param command PRIVMSG or NOTICE
   * @param text the message text
   * @param replyTo receives {@link Refused} only (no reply on success); may be null
   */
  record Message(String folded, UserInfo user, String command, String text, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * TOPIC: query ({@code topic} null) → {@link TopicIs}; set → broadcast TOPIC and {@link Done};
   * 442 when not a member, 482 when +t and not operator.
   *
   * @param folded the folded channel name
   * @param user the user
   * @param topic the new topic (empty clears), or null to query
   * @param replyTo receives the reply
   */
  record Topic(String folded, UserInfo user, String topic, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * MODE on the channel: no changes → {@link ModesAre}; {@code +b} alone → {@link BansAre};
   * otherwise applies what it can (operator only, 482), broadcasts one MODE line with the applied
   * changes, and answers {@link Done}, or {@link Refused} for the first error (441 target not on
   * channel, 472 unknown mode, 461 missing parameter).
   *
   * @param folded the folded channel name
   * @param user the user
   * @param changes the mode string and its parameters, e.g. {@code ["+ol", "bob", "10"]}; empty to
   *     query
   * @param replyTo receives the reply
   */
  record Mode(String folded, UserInfo user, List<String> changes, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * KICK: 442 kicker not a member, 482 not operator, 441 target not a member; broadcasts KICK and
   * tells the target's session {@link SessionEvent.LeftChannel}.
   *
   * @param folded the folded channel name
   * @param user the kicker
   * @param targetFolded the folded nick of the target
   * @param reason the reason, or null
   * @param replyTo receives the reply
   */
  record Kick(
      String folded, UserInfo user, String targetFolded, String reason, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * INVITE: 442 inviter not a member, 443 target already a member, 482 +i and not operator; records
   * the invitation, sends the INVITE line to the target, and answers {@link Done}.
   *
   * @param folded the folded channel name
   * @param user the inviter
   * @param target the invited user
   * @param replyTo receives the reply
   */
  record Invite(String folded, UserInfo user, UserInfo target, ActorRef<Reply> replyTo)
      implements ChannelCommand {}

  /**
   * NAMES or WHO: {@link MembersAre} (an empty channel answers with no members).
   *
   * @param folded the folded channel name
   * @param replyTo receives the reply
   */
  record Members(String folded, ActorRef<Reply> replyTo) implements ChannelCommand {}

  /**
   * The user quit (or its session was lost): removed, QUIT broadcast to the other members with
   * {@code dedupeKey}. No reply.
   *
   * @param folded the folded channel name
   * @param user the user
   * @param reason the quit message
   * @param dedupeKey the key all channels use for this quit
   */
  record Quit(String folded, UserInfo user, String reason, String dedupeKey)
      implements ChannelCommand {}

  /**
   * The user changed nick: member updated, NICK broadcast to the other members with {@code
   * dedupeKey}. No reply.
   *
   * @param folded the folded channel name
   * @param before the user under the old nick
   * @param after the user under the new nick
   * @param dedupeKey the key all channels use for this change
   */
  record NickChanged(String folded, UserInfo before, UserInfo after, String dedupeKey)
      implements ChannelCommand {}
}
