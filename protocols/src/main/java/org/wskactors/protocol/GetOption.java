package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskControlSocket(WskGetOption)}: the application asks a socket for an option's value.
 *
 * <p>Reply: {@link OptionValue} with the value, or a failure status and a null value ({@link
 * WskStatus#STATUS_NOT_SUPPORTED} for options that cannot be read, such as {@link
 * SocketOption#SO_WSK_EVENT_CALLBACK}).
 *
 * @param option the option key
 * @param replyTo receives the {@link OptionValue}
 * @param <T> the option's value type
 */
public record GetOption<T>(SocketOption<T> option, ActorRef<OptionValue<T>> replyTo)
    implements ControlSocket {}
