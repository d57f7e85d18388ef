package org.wskactors.protocol;

/**
 * Reply from a socket to the sender of {@link GetOption}.
 *
 * @param status the completion status
 * @param option the option asked for
 * @param value its value; null unless the status is success
 * @param <T> the option's value type
 */
public record OptionValue<T>(WskStatus status, SocketOption<T> option, T value)
    implements WskCompletion {}
