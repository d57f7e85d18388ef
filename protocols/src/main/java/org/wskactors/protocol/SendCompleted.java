package org.wskactors.protocol;

/**
 * Reply from a connection socket to the sender of {@link Send}.
 *
 * @param status the completion status
 * @param bytesSent the number of bytes the transport took: all of them on success, 0 otherwise
 */
public record SendCompleted(WskStatus status, long bytesSent) implements WskCompletion {}
