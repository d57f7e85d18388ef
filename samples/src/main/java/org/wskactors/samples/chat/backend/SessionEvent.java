package org.wskactors.samples.chat.backend;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What channels, the nick registry and other sessions send to a user's session actor.
 *
 * <p>Lines are complete IRC lines without CR LF; the session writes them to its client as they are
 * (subject to its send queue bound).
 */
public sealed interface SessionEvent extends CborSerializable {

  /**
   * A line for the client.
   *
   * @param line the IRC line, without CR LF
   * @param dedupeKey when not null, the session writes only the first line it receives with this
   *     key (a QUIT or NICK broadcast by every channel two users share arrives once)
   */
  record Deliver(String line, String dedupeKey) implements SessionEvent {}

  /**
   * The user is no longer a member of a channel although it did not PART (kicked, or the channel
   * was dissolved); the line that told the client was delivered before.
   *
   * @param channel the folded channel name
   */
  record LeftChannel(String channel) implements SessionEvent {}

  /**
   * Another session asks for WHOIS details of this user.
   *
   * @param replyTo receives the {@link WhoisInfo}
   */
  record WhoisQuery(ActorRef<WhoisInfo> replyTo) implements SessionEvent {}

  /**
   * The answer to a {@link WhoisQuery}.
   *
   * @param user the user
   * @param channels the channels with the user's prefix ({@code @#chan}, {@code +#chan})
   * @param idleSeconds seconds since the user last sent a message
   */
  record WhoisInfo(UserInfo user, List<String> channels, long idleSeconds)
      implements CborSerializable {}
}
