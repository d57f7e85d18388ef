package org.wskactors.samples.chat.backend;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A registered IRC user as channels and the nick registry know it. Immutable: a change (nick, away)
 * is a new value sent where it matters.
 *
 * @param nick the nick as the user chose it (display case)
 * @param user the user name from USER
 * @param host the host shown in the prefix (the peer address, or a cloak)
 * @param realName the real name from USER
 * @param away the away message, or null when not away
 * @param server the name of the server (node) the user is connected to
 * @param signonEpochSeconds when the user registered, in seconds since the epoch
 * @param session the user's session actor
 */
public record UserInfo(
    String nick,
    String user,
    String host,
    String realName,
    String away,
    String server,
    long signonEpochSeconds,
    ActorRef<SessionEvent> session)
    implements CborSerializable {

  /** {@return the message prefix {@code nick!user@host}} */
  public String prefix() {
    return nick + "!" + user + "@" + host;
  }

  /**
   * The same user under another nick.
   *
   * @param newNick the new nick
   * @return a copy with {@code newNick}
   */
  public UserInfo withNick(String newNick) {
    return new UserInfo(newNick, user, host, realName, away, server, signonEpochSeconds, session);
  }

  /**
   * The same user with another away message.
   *
   * @param message the away message, or null for back
   * @return a copy with {@code message}
   */
  public UserInfo withAway(String message) {
    return new UserInfo(nick, user, host, realName, message, server, signonEpochSeconds, session);
  }
}
