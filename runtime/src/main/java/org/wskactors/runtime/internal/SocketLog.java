package org.wskactors.runtime.internal;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * INTERNAL API: the socket actors' logger with the socket in the MDC, so every log line of a socket
 * can be found and filtered by it (Logback pattern {@code %X{wskSocket}}, or a JSON encoder). Keys:
 * {@value #CLIENT} (the registering client's actor name), {@value #SOCKET} (the socket actor's
 * name, unique within its client, e.g. {@code conn-12}), {@value #LOCAL} and {@value #REMOTE} (the
 * addresses, when known). Pekko clears the MDC after each message, so nothing leaks to other actors
 * running on the same thread.
 */
public final class SocketLog {
  /** MDC key of the client: the client actor's name. */
  public static final String CLIENT = "wskClient";

  /** MDC key of the socket: the socket actor's name. */
  public static final String SOCKET = "wskSocket";

  /** MDC key of the local address, when bound. */
  public static final String LOCAL = "wskLocal";

  /** MDC key of the remote address, when connected or fixed. */
  public static final String REMOTE = "wskRemote";

  private SocketLog() {}

  /**
   * Returns the actor's logger with the socket's MDC set for the current message. The actor must
   * get the logger itself ({@code getContext().getLog()}, so Pekko names it after the actor's
   * class) and pass it here: getting it marks Pekko's MDC as used, so Pekko clears it after the
   * message.
   *
   * @param log the actor's logger, just obtained from its context in this message
   * @param ctx the socket actor's context
   * @param local its local address or null
   * @param remote its remote address or null
   */
  public static Logger with(
      Logger log, ActorContext<?> ctx, InetSocketAddress local, InetSocketAddress remote) {
    MDC.put(SOCKET, ctx.getSelf().path().name());
    MDC.put(CLIENT, ctx.getSelf().path().parent().name());
    if (local != null) MDC.put(LOCAL, local.toString());
    if (remote != null) MDC.put(REMOTE, remote.toString());
    return log;
  }
}
