package org.wskactors.protocol;

/**
 * The WSK request flags, with their Windows values. Requests take an {@code int} of these ORed
 * together; a flag a request does not support completes it with {@link
 * WskStatus#STATUS_NOT_SUPPORTED}.
 */
public final class WskFlags {
  private WskFlags() {}

  /** No flags. */
  public static final int NONE = 0;

  /** {@link Send}: send this data and anything queued at once, without Nagle delay. */
  public static final int WSK_FLAG_NODELAY = 0x2;

  /** {@link Receive}: complete only when the buffer is full, on close, abort or cancel. */
  public static final int WSK_FLAG_WAITALL = 0x2;

  /** {@link Receive}: discard data until the peer disconnects; needs a zero-length buffer. */
  public static final int WSK_FLAG_DRAIN = 0x4;

  /** {@link Disconnect}: reset the connection instead of a graceful FIN. */
  public static final int WSK_FLAG_ABORTIVE = 0x1;

  /** {@link ReceiveFromCompleted} control flag: the datagram was cut to the buffer size. */
  public static final int MSG_TRUNC = 0x0100;

  /** Control flag: control information was cut (never set on Java). */
  public static final int MSG_CTRUNC = 0x0200;

  /** Datagram flag: sent to a broadcast address (as far as Java can tell). */
  public static final int MSG_BCAST = 0x0400;

  /** Datagram flag: sent to a multicast group (as far as Java can tell). */
  public static final int MSG_MCAST = 0x0800;

  /** {@link ReceiveEvent} indication flag: the transport saw a TCP PUSH (not reported on Java). */
  public static final int WSK_FLAG_ENTIRE_MESSAGE = 0x4;
}
