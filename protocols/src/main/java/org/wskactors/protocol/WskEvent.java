package org.wskactors.protocol;

/**
 * The event callbacks an application can enable with {@link SocketOption#SO_WSK_EVENT_CALLBACK},
 * with their WSK mask values. All events of a new socket are disabled until enabled.
 */
public enum WskEvent {
  /** {@link SendBacklogEvent} on connection sockets ({@code WSK_EVENT_SEND_BACKLOG}). */
  SEND_BACKLOG(0x10),
  /** {@link ReceiveEvent} on connection sockets ({@code WSK_EVENT_RECEIVE}). */
  RECEIVE(0x40),
  /** {@link DisconnectEvent} on connection sockets ({@code WSK_EVENT_DISCONNECT}). */
  DISCONNECT(0x80),
  /** {@link ReceiveFromEvent} on datagram sockets ({@code WSK_EVENT_RECEIVE_FROM}). */
  RECEIVE_FROM(0x100),
  /** {@link AcceptEvent} on listening sockets ({@code WSK_EVENT_ACCEPT}). */
  ACCEPT(0x200);

  private final int mask;

  WskEvent(int mask) {
    this.mask = mask;
  }

  /** {@return the WSK event mask bit} */
  public int mask() {
    return mask;
  }

  /** {@return true for the events of connection-oriented sockets} */
  public boolean isConnectionEvent() {
    return this == SEND_BACKLOG || this == RECEIVE || this == DISCONNECT;
  }
}
