package org.wskactors.protocol;

/**
 * The stream socket category ({@code WSK_PROVIDER_STREAM_DISPATCH}): created undecided; after
 * {@link Bind}, {@link Listen} makes it a listening socket and {@link Connect} / {@link ConnectEx}
 * a connection socket. From then on the other role's requests complete {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE}.
 *
 * <p>Its handler receives the stream event set: the listen events in the listening role and the
 * connection events in the connection role. Sockets it accepts are connection sockets. {@link
 * InspectComplete} is in this table too (WSK's stream table lacks it, but conditional accept on a
 * stream socket needs it).
 */
public final class StreamSocket {
  private StreamSocket() {}

  /** The stream dispatch table. */
  public sealed interface Command
      permits ControlSocket,
          CloseSocket,
          Bind,
          Accept,
          Connect,
          ConnectEx,
          Listen,
          Send,
          Receive,
          Disconnect,
          Release,
          GetLocalAddress,
          GetRemoteAddress,
          InspectComplete {}

  /** The stream events: listen events and connection events. */
  public sealed interface Event
      permits AcceptEvent,
          InspectEvent,
          AbortEvent,
          ReceiveEvent,
          DisconnectEvent,
          SendBacklogEvent,
          SocketFailedEvent {}
}
