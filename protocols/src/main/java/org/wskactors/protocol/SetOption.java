package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskControlSocket(WskSetOption)}: the application asks a socket to set an option.
 *
 * <p>Reply: {@link OptionSet} with {@link WskStatus#STATUS_SUCCESS}; {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE} when the option may not be set in the socket's state;
 * {@link WskStatus#STATUS_INVALID_PARAMETER} for a null or out-of-range value; {@link
 * WskStatus#STATUS_NOT_SUPPORTED} for an option the socket category does not have.
 *
 * @param option the option key
 * @param value the new value
 * @param replyTo receives the {@link OptionSet}
 * @param <T> the option's value type
 */
public record SetOption<T>(SocketOption<T> option, T value, ActorRef<OptionSet> replyTo)
    implements ControlSocket {}
