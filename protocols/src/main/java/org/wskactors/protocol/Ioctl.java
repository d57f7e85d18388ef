package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskControlSocket(WskIoctl)}: the application issues an IOCTL to a socket.
 *
 * <p>Reply: {@link IoctlCompleted} with the output, {@link WskStatus#STATUS_INVALID_DEVICE_STATE}
 * when the socket's state does not allow it, or {@link WskStatus#STATUS_INVALID_DEVICE_REQUEST} for
 * a code the socket category does not have ({@link WskStatus#STATUS_NOT_SUPPORTED} on basic
 * sockets, which answer every code they do not know so).
 *
 * @param code the IOCTL
 * @param input the input, null for {@code Void}
 * @param replyTo receives the {@link IoctlCompleted}
 * @param <I> the input type
 * @param <O> the output type
 */
public record Ioctl<I, O>(IoctlCode<I, O> code, I input, ActorRef<IoctlCompleted<O>> replyTo)
    implements ControlSocket {

  /**
   * An IOCTL without input.
   *
   * @param code the IOCTL
   * @param replyTo receives the {@link IoctlCompleted}
   * @param <O> the output type
   * @return the request, to send to the socket
   */
  public static <O> Ioctl<Void, O> query(
      IoctlCode<Void, O> code, ActorRef<IoctlCompleted<O>> replyTo) {
    return new Ioctl<>(code, null, replyTo);
  }
}
