package org.wskactors.protocol;

/**
 * The five socket categories of WSK, each with its own dispatch table: the category a socket was
 * created as (a stream socket stays {@link #STREAM} after it becomes listening or connected). Used
 * by {@link WskStatistics} to count open sockets.
 */
public enum SocketCategory {
  /** {@code WSK_FLAG_BASIC_SOCKET}: options and IOCTLs only ({@link BasicSocket}). */
  BASIC,
  /** {@code WSK_FLAG_LISTEN_SOCKET}: accepts incoming connections ({@link ListenSocket}). */
  LISTEN,
  /** {@code WSK_FLAG_DATAGRAM_SOCKET}: UDP ({@link DatagramSocket}). */
  DATAGRAM,
  /**
   * {@code WSK_FLAG_CONNECTION_SOCKET}: a TCP connection, created, connected with {@link
   * SocketConnect}, or accepted by a listening or stream socket ({@link ConnectionSocket}).
   */
  CONNECTION,
  /** {@code WSK_FLAG_STREAM_SOCKET}: undecided until Listen or Connect ({@link StreamSocket}). */
  STREAM
}
