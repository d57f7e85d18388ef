package org.wskactors.protocol;

import org.apache.pekko.util.ByteString;

/**
 * Reply from a connection socket to the sender of {@link Receive}.
 *
 * @param status the completion status
 * @param data the received bytes; empty with success means the peer closed gracefully
 */
public record ReceiveCompleted(WskStatus status, ByteString data) implements WskCompletion {}
