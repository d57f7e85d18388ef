package org.wskactors.protocol;

/**
 * Reply from a listening socket to the sender of {@link InspectComplete}.
 *
 * @param status the completion status
 * @param inspectId the connection decided
 */
public record InspectCompleted(WskStatus status, InspectId inspectId) implements WskCompletion {}
