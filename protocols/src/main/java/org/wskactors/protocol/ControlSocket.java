package org.wskactors.protocol;

/**
 * {@code WskControlSocket}: the request in every dispatch table that sets or gets an option or
 * issues an IOCTL. It is one of {@link SetOption}, {@link GetOption} or {@link Ioctl}.
 */
public sealed interface ControlSocket
    extends BasicSocket.Command,
        ListenSocket.Command,
        ConnectionSocket.Command,
        DatagramSocket.Command,
        StreamSocket.Command
    permits SetOption, GetOption, Ioctl {}
