package org.wskactors.protocol;

/**
 * Reply from a connection, stream or datagram socket to the sender of {@link Release}.
 *
 * @param status the completion status
 * @param indicationId the released indication
 */
public record ReleaseCompleted(WskStatus status, long indicationId) implements WskCompletion {}
