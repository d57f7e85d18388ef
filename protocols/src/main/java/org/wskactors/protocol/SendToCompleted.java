package org.wskactors.protocol;

/**
 * Reply from a datagram socket to the sender of {@link SendTo}.
 *
 * @param status the completion status
 * @param bytesSent the datagram's size on success, 0 otherwise
 */
public record SendToCompleted(WskStatus status, long bytesSent) implements WskCompletion {}
