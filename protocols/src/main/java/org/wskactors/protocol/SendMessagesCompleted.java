package org.wskactors.protocol;

/**
 * Reply from a datagram socket to the sender of {@link SendMessages}.
 *
 * @param status the completion status
 * @param datagramsSent how many datagrams the transport took
 * @param bytesSent their total size
 */
public record SendMessagesCompleted(WskStatus status, int datagramsSent, long bytesSent)
    implements WskCompletion {}
