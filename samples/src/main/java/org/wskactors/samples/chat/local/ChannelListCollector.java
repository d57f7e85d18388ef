package org.wskactors.samples.chat.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.irc.CaseMapping;

/**
 * A short-lived child of the {@link LocalChannelRouter} that answers one LIST: it asks every live
 * channel for its members ({@link ChannelCommand.Members}) and, for each one that has members and
 * is not secret, its topic ({@link ChannelCommand.Topic} as a query without a user), then sends one
 * {@link ChannelCommand.ChannelList} sorted by name and stops. A channel that stops meanwhile (it
 * is watched) or does not answer within the timeout is left out.
 */
final class ChannelListCollector {
  private ChannelListCollector() {}

  /** The collector's messages: the channels' answers, their stops, and its deadline. */
  sealed interface Msg {}

  private record Answer(ChannelCommand.Reply reply) implements Msg {}

  private record Gone(String folded) implements Msg {}

  private enum Timeout implements Msg {
    INSTANCE
  }

  /**
   * A collector.
   *
   * @param channels the live channels by folded name
   * @param timeout the longest time to wait for all answers
   * @param replyTo receives the list
   * @return the behaviour
   */
  static Behavior<Msg> create(
      Map<String, ActorRef<ChannelCommand>> channels,
      Duration timeout,
      ActorRef<ChannelCommand.ChannelList> replyTo) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startSingleTimer(Timeout.INSTANCE, timeout);
                  return new Collector(ctx, channels, replyTo).start();
                }));
  }

  private static final class Collector {
    final ActorContext<Msg> ctx;
    final Map<String, ActorRef<ChannelCommand>> channels;
    final ActorRef<ChannelCommand.ChannelList> replyTo;
    final ActorRef<ChannelCommand.Reply> answers;
    final Set<String> pending = new HashSet<>();
    final Map<String, Integer> users = new HashMap<>();
    final Map<String, ChannelCommand.ChannelSummary> done = new HashMap<>();

    Collector(
        ActorContext<Msg> ctx,
        Map<String, ActorRef<ChannelCommand>> channels,
        ActorRef<ChannelCommand.ChannelList> replyTo) {
      this.ctx = ctx;
      this.channels = channels;
      this.replyTo = replyTo;
      this.answers = ctx.messageAdapter(ChannelCommand.Reply.class, Answer::new);
    }

    Behavior<Msg> start() {
      channels.forEach(
          (folded, ref) -> {
            pending.add(folded);
            ctx.watchWith(ref, new Gone(folded));
            ref.tell(new ChannelCommand.Members(folded, answers));
          });
      if (pending.isEmpty()) return finish();
      return Behaviors.receive(Msg.class)
          .onMessage(Answer.class, this::onAnswer)
          .onMessage(Gone.class, m -> settle(m.folded()))
          .onMessage(Timeout.class, m -> finish())
          .build();
    }

    private Behavior<Msg> onAnswer(Answer m) {
      ChannelCommand.Reply r = m.reply();
      if (r instanceof ChannelCommand.MembersAre ma) {
        String folded = CaseMapping.fold(ma.channel());
        if (!pending.contains(folded)) return Behaviors.same();
        if (ma.members().isEmpty() || ma.secret()) return settle(folded);
        users.put(folded, ma.members().size());
        channels.get(folded).tell(new ChannelCommand.Topic(folded, null, null, answers));
        return Behaviors.same();
      }
      if (r instanceof ChannelCommand.TopicIs t) {
        String folded = CaseMapping.fold(t.channel());
        Integer n = users.get(folded);
        if (n != null && pending.contains(folded)) {
          done.put(
              folded,
              new ChannelCommand.ChannelSummary(
                  t.channel(), n, t.topic() == null ? "" : t.topic()));
        }
        return settle(folded);
      }
      if (r instanceof ChannelCommand.Refused ref) return settle(CaseMapping.fold(ref.channel()));
      return Behaviors.same();
    }

    private Behavior<Msg> settle(String folded) {
      pending.remove(folded);
      return pending.isEmpty() ? finish() : Behaviors.same();
    }

    private Behavior<Msg> finish() {
      List<ChannelCommand.ChannelSummary> list = new ArrayList<>(done.values());
      list.sort(Comparator.comparing(s -> CaseMapping.fold(s.channel())));
      replyTo.tell(new ChannelCommand.ChannelList(list));
      return Behaviors.stopped();
    }
  }
}
