package org.wskactors.samples.chat.local;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.wskactors.samples.chat.ChatSettings;
import org.wskactors.samples.chat.backend.ChannelCommand;
import org.wskactors.samples.chat.backend.ChannelRef;
import org.wskactors.samples.chat.backend.ChatBackend;
import org.wskactors.samples.chat.backend.NickCommand;

/**
 * The single-node {@link ChatBackend}: a {@link LocalChannelRouter} (one {@link
 * org.wskactors.samples.chat.ChannelActor} child per channel) and a {@link LocalNickRegistry},
 * spawned as children of the actor that creates the backend (the chat server). LIST and LUSERS are
 * answered from these two actors; there is one server.
 *
 * <p>The object itself holds only the two refs and may be shared by every session.
 */
public final class LocalChatBackend implements ChatBackend {

  private final String serverName;
  private final ActorRef<LocalChannelRouter.Command> router;
  private final ActorRef<Object> registry;

  private LocalChatBackend(
      String serverName, ActorRef<LocalChannelRouter.Command> router, ActorRef<Object> registry) {
    this.serverName = serverName;
    this.router = router;
    this.registry = registry;
  }

  /**
   * Spawns the router ({@code channels}) and the registry ({@code nicks}) as children of {@code
   * ctx}'s actor.
   *
   * @param ctx the context of the owning actor
   * @param settings the chat settings (server name, reply timeout)
   * @return the backend
   */
  public static LocalChatBackend spawn(ActorContext<?> ctx, ChatSettings settings) {
    ActorRef<Object> registry = ctx.spawn(LocalNickRegistry.create(settings.serverName()), "nicks");
    ActorRef<LocalChannelRouter.Command> router =
        ctx.spawn(
            LocalChannelRouter.create(settings.serverName(), registry, settings.replyTimeout()),
            "channels");
    return new LocalChatBackend(settings.serverName(), router, registry);
  }

  @Override
  public ChannelRef channel(String folded) {
    return command -> router.tell(new LocalChannelRouter.Route(folded, command));
  }

  @Override
  public ActorRef<NickCommand> nicks() {
    return registry.narrow();
  }

  @Override
  public void listChannels(ActorRef<ChannelCommand.ChannelList> replyTo) {
    router.tell(new LocalChannelRouter.ListChannels(replyTo));
  }

  @Override
  public void counts(ActorRef<ChannelCommand.NetworkCounts> replyTo) {
    router.tell(new LocalChannelRouter.CountChannels(replyTo));
  }

  @Override
  public String serverName() {
    return serverName;
  }

  /**
   * The channel router, for statistics ({@link LocalChannelRouter.GetChannelCount}).
   *
   * @return the router
   */
  public ActorRef<LocalChannelRouter.Command> router() {
    return router;
  }
}
