package org.wskactors.protocol;

/** The socket type of a transport or an address-info hint, with its Winsock value. */
public enum SocketType {
  /** {@code SOCK_STREAM} (1): TCP. */
  STREAM(1, 6),
  /** {@code SOCK_DGRAM} (2): UDP. */
  DGRAM(2, 17);

  private final int value;
  private final int protocol;

  SocketType(int value, int protocol) {
    this.value = value;
    this.protocol = protocol;
  }

  /** {@return the Winsock {@code SOCK_*} value} */
  public int value() {
    return value;
  }

  /**
   * {@return the IP protocol number used with the type ({@code IPPROTO_TCP} 6, {@code IPPROTO_UDP}
   * 17)}
   */
  public int protocol() {
    return protocol;
  }
}
