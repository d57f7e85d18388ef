package org.wskactors.protocol;

/**
 * Reply from a connection socket to the sender of {@link Disconnect}.
 *
 * @param status the completion status
 */
public record DisconnectCompleted(WskStatus status) implements WskCompletion {}
