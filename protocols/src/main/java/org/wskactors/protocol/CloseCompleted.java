package org.wskactors.protocol;

/**
 * Reply from a socket to the sender of {@link CloseSocket}, after its transport was released.
 *
 * @param status always {@link WskStatus#STATUS_SUCCESS}, as WSK's close does not fail
 */
public record CloseCompleted(WskStatus status) implements WskCompletion {}
