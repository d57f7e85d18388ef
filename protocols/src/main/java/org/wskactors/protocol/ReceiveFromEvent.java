package org.wskactors.protocol;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskReceiveFromEvent}: a datagram socket hands received datagrams to its handler, once
 * {@link WskEvent#RECEIVE_FROM} is enabled and no {@link ReceiveFrom} is posted.
 *
 * <p>Serial like {@link ReceiveEvent}: the next event comes after the reply. Reply with {@link
 * ReceiveEventResponse#consumed()} (all datagrams taken), {@link ReceiveEventResponse#retained()}
 * (give them back later with {@link Release} of {@code indicationId}) or {@link
 * ReceiveEventResponse#notAccepted()} (the socket keeps them and events pause until a {@link
 * ReceiveFrom} is posted). Bytes not yet consumed or released count against the socket's receive
 * window; when it is full the socket stops reading and the kernel drops datagrams, as UDP does.
 *
 * @param socket the socket
 * @param datagrams one or more datagrams, in arrival order
 * @param indicationId identifies this indication for {@link Release}
 * @param replyTo receives the handler's {@link ReceiveEventResponse}
 */
public record ReceiveFromEvent(
    ActorRef<DatagramSocket.Command> socket,
    List<DatagramIndication> datagrams,
    long indicationId,
    ActorRef<ReceiveEventResponse> replyTo)
    implements DatagramSocket.Event {

  /**
   * Copies the list.
   *
   * @param socket the socket
   * @param datagrams one or more datagrams, in arrival order
   * @param indicationId identifies this indication for {@link Release}
   * @param replyTo receives the handler's {@link ReceiveEventResponse}
   */
  public ReceiveFromEvent {
    datagrams = List.copyOf(datagrams);
  }
}
