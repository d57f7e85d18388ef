package org.wskactors.samples.chat.backend;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * The nick registry's protocol: a nick (folded by the server's case mapping) belongs to at most one
 * session in the whole network. In cluster mode each nick is one sharded entity, so two sessions
 * claiming the same nick on two nodes at the same moment are decided by one actor: exactly one gets
 * {@link Granted}.
 *
 * <p>The owner's session is watched: when it stops (or its node leaves the cluster) the nick is
 * free again.
 */
public sealed interface NickCommand extends CborSerializable {

  /**
   * A session asks for a nick (registration or NICK change).
   *
   * @param folded the nick folded by the case mapping (the registry's key)
   * @param user the user under that nick
   * @param replyTo receives {@link Granted} or {@link InUse}
   */
  record Claim(String folded, UserInfo user, ActorRef<ClaimReply> replyTo) implements NickCommand {}

  /**
   * The owner gives the nick up (nick change, QUIT). Ignored unless {@code session} owns it.
   *
   * @param folded the folded nick
   * @param session the owner's session
   */
  record Release(String folded, ActorRef<SessionEvent> session) implements NickCommand {}

  /**
   * The owner's details changed (AWAY); ignored unless it owns the nick.
   *
   * @param folded the folded nick
   * @param user the new details
   */
  record Update(String folded, UserInfo user) implements NickCommand {}

  /**
   * Who has this nick?
   *
   * @param folded the folded nick
   * @param replyTo receives the {@link Found}
   */
  record Lookup(String folded, ActorRef<Found> replyTo) implements NickCommand {}

  /** The reply to {@link Claim}. */
  sealed interface ClaimReply extends CborSerializable {}

  /**
   * The nick is the claimer's now.
   *
   * @param folded the folded nick
   */
  record Granted(String folded) implements ClaimReply {}

  /**
   * Someone else has it.
   *
   * @param folded the folded nick
   */
  record InUse(String folded) implements ClaimReply {}

  /**
   * The reply to {@link Lookup}.
   *
   * @param folded the folded nick asked for
   * @param user its owner, or null when nobody has it
   */
  record Found(String folded, UserInfo user) implements CborSerializable {}
}
