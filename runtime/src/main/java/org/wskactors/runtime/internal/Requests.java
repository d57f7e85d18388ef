package org.wskactors.runtime.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SendMessages;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.WskStatus;

/**
 * INTERNAL API: requests that cannot be answered. Every request whose reply is mandatory carries a
 * {@code replyTo}; one sent with {@code null} there has nobody to complete to. Handling it would
 * throw inside the receiving actor, which stops it: the subsystem (every later registration would
 * be lost), a client (all its sockets) or a socket. Such a request is dropped with a warning
 * instead, and the actor goes on as if it had never arrived. ({@code CloseSocket}, {@code Release}
 * and {@code Deregister} take a null {@code replyTo} as "no reply wanted".)
 */
public final class Requests {
  private Requests() {}

  /**
   * True when {@code m} is a public request whose mandatory {@code replyTo} is null.
   *
   * @param m any message an actor of the runtime received
   */
  public static boolean lacksReplyTo(Object m) {
    if (m instanceof Send x) return x.replyTo() == null;
    if (m instanceof Receive x) return x.replyTo() == null;
    if (m instanceof SendTo x) return x.replyTo() == null;
    if (m instanceof ReceiveFrom x) return x.replyTo() == null;
    if (m instanceof SendMessages x) return x.replyTo() == null;
    if (m instanceof Accept x) return x.replyTo() == null;
    if (m instanceof Bind x) return x.replyTo() == null;
    if (m instanceof Connect x) return x.replyTo() == null;
    if (m instanceof ConnectEx x) return x.replyTo() == null;
    if (m instanceof Listen x) return x.replyTo() == null;
    if (m instanceof Disconnect x) return x.replyTo() == null;
    if (m instanceof InspectComplete x) return x.replyTo() == null;
    if (m instanceof GetLocalAddress x) return x.replyTo() == null;
    if (m instanceof GetRemoteAddress x) return x.replyTo() == null;
    if (m instanceof SetOption<?> x) return x.replyTo() == null;
    if (m instanceof GetOption<?> x) return x.replyTo() == null;
    if (m instanceof Ioctl<?, ?> x) return x.replyTo() == null;
    if (m instanceof CreateListenSocket x) return x.replyTo() == null;
    if (m instanceof CreateConnectionSocket x) return x.replyTo() == null;
    if (m instanceof CreateDatagramSocket x) return x.replyTo() == null;
    if (m instanceof CreateStreamSocket x) return x.replyTo() == null;
    if (m instanceof CreateBasicSocket x) return x.replyTo() == null;
    if (m instanceof SocketConnect x) return x.replyTo() == null;
    if (m instanceof ControlClient<?, ?> x) return x.replyTo() == null;
    if (m instanceof GetAddressInfo x) return x.replyTo() == null;
    if (m instanceof GetNameInfo x) return x.replyTo() == null;
    if (m instanceof Register x) return x.replyTo() == null;
    return false;
  }

  /**
   * Completes the sends a receive event's reply carries ({@link
   * ReceiveEventResponse.RetainedUntilSent}, {@link ReceiveEventResponse.RetainedUntilSentTo}) with
   * {@code status}, without sending them: the reply cannot be taken as it stands. Sends without a
   * {@code replyTo} are skipped; other replies carry none.
   *
   * @param m the reply
   * @param status the status each carried send completes with
   */
  public static void refuseAnswers(ReceiveEventResponse m, WskStatus status) {
    if (m instanceof ReceiveEventResponse.RetainedUntilSent r && r.send().replyTo() != null) {
      r.send().replyTo().tell(new SendCompleted(status, 0));
    } else if (m instanceof ReceiveEventResponse.RetainedUntilSentTo r) {
      for (SendTo send : r.sends()) {
        if (send.replyTo() != null) send.replyTo().tell(new SendToCompleted(status, 0));
      }
    }
  }

  /**
   * Drops a request without {@code replyTo}, with a warning, and keeps the actor's behaviour.
   *
   * @param ctx the receiving actor's context, for its log
   * @param m the request
   */
  public static <T> Behavior<T> dropped(ActorContext<T> ctx, Object m) {
    ctx.getLog().warn("Request [{}] without replyTo dropped: nobody to complete it to", m);
    return Behaviors.same();
  }
}
