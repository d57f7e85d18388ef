package org.wskactors.samples.chat.local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.NickCommand;
import org.wskactors.samples.chat.backend.SessionEvent;
import org.wskactors.samples.chat.backend.UserInfo;

/**
 * The nick registry of a single-node chat: one actor holding {@code folded nick → UserInfo}.
 *
 * <p>Sessions send it {@link NickCommand}s (through {@link LocalChatBackend#nicks()}); it answers
 * {@link NickCommand.Claim} with {@link NickCommand.Granted} or {@link NickCommand.InUse} (a
 * session claiming a nick it already owns gets it again) and {@link NickCommand.Lookup} with {@link
 * NickCommand.Found}. It watches every session that owns a nick and frees its nicks when the
 * session stops. The channel router sends it {@link CountUsers} to complete a LUSERS answer.
 *
 * <p>Its message type is {@code Object} because {@link NickCommand} is a sealed protocol of the
 * chat backend: {@link LocalChatBackend} hands out the ref narrowed to {@code NickCommand}.
 */
public final class LocalNickRegistry {
  private LocalNickRegistry() {}

  /**
   * Channel router to registry: complete the network counts with the users and answer.
   *
   * @param channels the number of channels, counted by the router
   * @param replyTo receives the {@link ChannelCommand.NetworkCounts} (one server)
   */
  public record CountUsers(int channels, ActorRef<ChannelCommand.NetworkCounts> replyTo) {}

  /** Pekko (death watch) to registry: a session that owned nicks stopped. */
  private record SessionGone(ActorRef<SessionEvent> session) {}

  /**
   * A registry.
   *
   * @param serverName the server's name; users of other servers are not local (none in local mode)
   * @return the behaviour, accepting {@link NickCommand}s and {@link CountUsers}
   */
  public static Behavior<Object> create(String serverName) {
    return Behaviors.setup(ctx -> new State(ctx, serverName).behavior());
  }

  private static final class State {
    final ActorContext<Object> ctx;
    final String serverName;
    final Map<String, UserInfo> owners = new HashMap<>();
    final Map<ActorRef<SessionEvent>, Set<String>> bySession = new HashMap<>();

    State(ActorContext<Object> ctx, String serverName) {
      this.ctx = ctx;
      this.serverName = serverName;
    }

    Behavior<Object> behavior() {
      return Behaviors.receive(Object.class)
          .onMessage(NickCommand.Claim.class, this::onClaim)
          .onMessage(NickCommand.Release.class, this::onRelease)
          .onMessage(NickCommand.Update.class, this::onUpdate)
          .onMessage(NickCommand.Lookup.class, this::onLookup)
          .onMessage(CountUsers.class, this::onCount)
          .onMessage(SessionGone.class, this::onSessionGone)
          .build();
    }

    private Behavior<Object> onClaim(NickCommand.Claim m) {
      UserInfo owner = owners.get(m.folded());
      ActorRef<SessionEvent> session = m.user().session();
      if (owner != null && !owner.session().equals(session)) {
        m.replyTo().tell(new NickCommand.InUse(m.folded()));
        return Behaviors.same();
      }
      owners.put(m.folded(), m.user());
      Set<String> nicks = bySession.get(session);
      if (nicks == null) {
        nicks = new HashSet<>();
        bySession.put(session, nicks);
        ctx.watchWith(session, new SessionGone(session));
      }
      nicks.add(m.folded());
      m.replyTo().tell(new NickCommand.Granted(m.folded()));
      return Behaviors.same();
    }

    private Behavior<Object> onRelease(NickCommand.Release m) {
      UserInfo owner = owners.get(m.folded());
      if (owner == null || !owner.session().equals(m.session())) return Behaviors.same();
      owners.remove(m.folded());
      Set<String> nicks = bySession.get(m.session());
      if (nicks != null) {
        nicks.remove(m.folded());
        if (nicks.isEmpty()) {
          bySession.remove(m.session());
          ctx.unwatch(m.session());
        }
      }
      return Behaviors.same();
    }

    private Behavior<Object> onUpdate(NickCommand.Update m) {
      UserInfo owner = owners.get(m.folded());
      if (owner != null && owner.session().equals(m.user().session())) {
        owners.put(m.folded(), m.user());
      }
      return Behaviors.same();
    }

    private Behavior<Object> onLookup(NickCommand.Lookup m) {
      m.replyTo().tell(new NickCommand.Found(m.folded(), owners.get(m.folded())));
      return Behaviors.same();
    }

    private Behavior<Object> onCount(CountUsers m) {
      int local = 0;
      for (UserInfo u : owners.values()) {
        if (serverName.equals(u.server())) local++;
      }
      // UserInfo carries no user modes, so +i users are not known here: none are counted.
      m.replyTo().tell(new ChannelCommand.NetworkCounts(owners.size(), 0, m.channels(), 1, local));
      return Behaviors.same();
    }

    private Behavior<Object> onSessionGone(SessionGone m) {
      Set<String> nicks = bySession.remove(m.session());
      if (nicks != null) {
        for (String n : nicks) {
          UserInfo owner = owners.get(n);
          if (owner != null && owner.session().equals(m.session())) owners.remove(n);
        }
      }
      return Behaviors.same();
    }
  }
}
