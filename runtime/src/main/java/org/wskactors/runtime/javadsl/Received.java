package org.wskactors.runtime.javadsl;

import org.apache.pekko.util.ByteString;

/**
 * What {@link WskConnection#receive(int)} completes with: the bytes of one {@code Receive}, or the
 * end of the stream.
 *
 * @param data the received bytes; empty exactly when {@code endOfStream} is true
 * @param endOfStream true when the peer closed its sending side (graceful disconnect) and no byte
 *     is left: the protocol's {@code ReceiveCompleted} with success and zero bytes
 */
public record Received(ByteString data, boolean endOfStream) {

  /**
   * The number of bytes received; 0 at the end of the stream.
   *
   * @return the size in bytes
   */
  public int size() {
    return data.size();
  }

  /**
   * A copy of the bytes as an array.
   *
   * @return a new array
   */
  public byte[] toArray() {
    return data.toArray();
  }
}
