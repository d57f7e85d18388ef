package org.wskactors.protocol;

/**
 * Reply from a socket to the sender of {@link SetOption}.
 *
 * @param status the completion status
 * @param option the option that was (or was not) set
 */
public record OptionSet(WskStatus status, SocketOption<?> option) implements WskCompletion {}
