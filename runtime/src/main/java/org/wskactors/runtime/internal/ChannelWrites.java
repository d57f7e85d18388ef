package org.wskactors.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.pekko.util.ByteString;

/** INTERNAL API: writing a ByteString to a non-blocking channel without copying it. */
final class ChannelWrites {
  private ChannelWrites() {}

  /**
   * Writes as many bytes of {@code data} as the kernel takes now.
   *
   * @param channel a connected, non-blocking channel
   * @param data the bytes
   * @return how many were written, 0 to {@code data.size()}
   * @throws IOException when the channel fails (reset, closed) before any byte is written; a
   *     failure after some bytes returns their count (the next write meets it again)
   */
  static long write(SocketChannel channel, ByteString data) throws IOException {
    // One buffer for a compact ByteString (the common case: a single Send), a gathering write over
    // its fragments otherwise (coalesced Sends), without copying either.
    ByteBuffer[] buffers;
    if (data.isCompact()) {
      buffers = new ByteBuffer[] {data.asByteBuffer()};
    } else {
      java.util.List<ByteBuffer> list = new java.util.ArrayList<>();
      scala.collection.Iterator<ByteBuffer> it = data.asByteBuffers().iterator();
      while (it.hasNext()) list.add(it.next());
      buffers = list.toArray(new ByteBuffer[0]);
    }
    long total = data.size();
    long written = 0;
    try {
      while (written < total) {
        long n = channel.write(buffers);
        if (n <= 0) break;
        written += n;
      }
    } catch (IOException e) {
      if (written == 0) throw e;
    }
    return written;
  }
}
