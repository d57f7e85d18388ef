package org.wskactors.samples.chat.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.samples.chat.backend.SessionEvent;

/**
 * Stands in for a member's session in a restored channel. The channel actor knows its members by
 * session; the entity rebuilds the channel by joining each saved member again under a proxy, so the
 * JOIN and MODE lines that rebuilding broadcasts are dropped here instead of reaching clients that
 * never left. After {@link #OPEN} the proxy forwards everything to the real session, in order. The
 * entity puts the proxy in place of the real session in every command from that session, and stops
 * the proxy when the member has left.
 */
final class MemberProxy {
  private MemberProxy() {}

  /** Sent by the channel entity when rebuilding is over: forward from now on. */
  static final Object OPEN = Open.INSTANCE;

  private enum Open {
    INSTANCE
  }

  /**
   * A proxy for one session, dropping until opened.
   *
   * @param session the real session
   */
  static Behavior<Object> create(ActorRef<SessionEvent> session) {
    return Behaviors.receive(Object.class)
        .onMessageEquals(OPEN, () -> forwarding(session))
        .onMessage(SessionEvent.class, e -> Behaviors.same())
        .build();
  }

  private static Behavior<Object> forwarding(ActorRef<SessionEvent> session) {
    return Behaviors.receive(Object.class)
        .onMessage(
            SessionEvent.class,
            e -> {
              session.tell(e);
              return Behaviors.same();
            })
        .build();
  }
}
