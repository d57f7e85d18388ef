package org.wskactors.protocol;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskSendMessages}: the application sends many datagrams to one destination in one request.
 *
 * <p>Reply: {@link SendMessagesCompleted} once every datagram was taken, or at the first failure
 * (with the count sent so far); the same checks as {@link SendTo} apply to each datagram, and the
 * request is refused whole ({@link WskStatus#STATUS_INVALID_PARAMETER}) if the list is null or
 * empty, or any datagram is null or too large.
 *
 * @param datagrams the datagrams, in order
 * @param remoteAddress the destination, or null for the default destination
 * @param flags must be {@link WskFlags#NONE}
 * @param replyTo receives the {@link SendMessagesCompleted}
 */
public record SendMessages(
    List<ByteString> datagrams,
    InetSocketAddress remoteAddress,
    int flags,
    ActorRef<SendMessagesCompleted> replyTo)
    implements DatagramSocket.Command {

  /**
   * Copies the list (null elements are kept: the socket answers them with {@link
   * WskStatus#STATUS_INVALID_PARAMETER} rather than this constructor throwing).
   *
   * @param datagrams the datagrams, in order
   * @param remoteAddress the destination, or null for the default destination
   * @param flags must be {@link WskFlags#NONE}
   * @param replyTo receives the {@link SendMessagesCompleted}
   */
  public SendMessages {
    datagrams = datagrams == null ? null : Collections.unmodifiableList(new ArrayList<>(datagrams));
  }
}
