package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.TcpSO;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskStatus;

/** INTERNAL API: maps the typed socket options to Pekko IO options and to the Java socket. */
public final class TcpOptions {
  private TcpOptions() {}

  /**
   * True for options the transport applies to a connected socket (and that a connected socket can
   * change later).
   *
   * @param opt the option
   */
  public static boolean isTransportOption(SocketOption<?> opt) {
    return opt == SocketOption.SO_KEEPALIVE
        || opt == SocketOption.SO_RCVBUF
        || opt == SocketOption.SO_SNDBUF
        || opt == SocketOption.TCP_NODELAY
        || isKeepAliveTiming(opt);
  }

  /**
   * True for the keep-alive timing options (idle, interval, count), which Java sets through {@code
   * jdk.net.ExtendedSocketOptions}.
   *
   * @param opt the option
   */
  public static boolean isKeepAliveTiming(SocketOption<?> opt) {
    return opt == SocketOption.TCP_KEEPIDLE
        || opt == SocketOption.TCP_KEEPINTVL
        || opt == SocketOption.TCP_KEEPCNT;
  }

  /** The JDK option behind a keep-alive timing option. */
  private static java.net.SocketOption<Integer> jdkOption(SocketOption<?> opt) {
    if (opt == SocketOption.TCP_KEEPIDLE) return ExtendedSocketOptions.TCP_KEEPIDLE;
    if (opt == SocketOption.TCP_KEEPINTVL) return ExtendedSocketOptions.TCP_KEEPINTERVAL;
    return ExtendedSocketOptions.TCP_KEEPCOUNT;
  }

  /**
   * Applies the keep-alive timing options to each connected socket, outgoing or accepted: Pekko IO
   * calls {@code afterConnect} on both, and has no option of its own for them.
   */
  private static final class KeepAliveTiming extends Inet.AbstractSocketOption {
    private final SocketOption<?> option;
    private final int value;

    KeepAliveTiming(SocketOption<?> option, int value) {
      this.option = option;
      this.value = value;
    }

    @Override
    public void afterConnect(Socket s) {
      // A system without the option keeps its default; GetOption then reports NOT_SUPPORTED.
      apply(s, option, value);
    }
  }

  /**
   * Pekko IO options for a connect or a bind, from the options set before it.
   *
   * @param options the socket's option values
   */
  public static List<Inet.SocketOption> beforeConnect(Map<SocketOption<?>, Object> options) {
    List<Inet.SocketOption> out = new ArrayList<>();
    options.forEach(
        (opt, v) -> {
          if (opt == SocketOption.SO_REUSEADDR) out.add(TcpSO.reuseAddress((Boolean) v));
          else if (opt == SocketOption.SO_EXCLUSIVEADDRUSE && (Boolean) v) {
            out.add(TcpSO.reuseAddress(false));
          } else if (opt == SocketOption.SO_KEEPALIVE) out.add(TcpSO.keepAlive((Boolean) v));
          else if (opt == SocketOption.SO_RCVBUF) out.add(TcpSO.receiveBufferSize((Integer) v));
          else if (opt == SocketOption.SO_SNDBUF) out.add(TcpSO.sendBufferSize((Integer) v));
          else if (opt == SocketOption.TCP_NODELAY) out.add(TcpSO.tcpNoDelay((Boolean) v));
          else if (isKeepAliveTiming(opt)) out.add(new KeepAliveTiming(opt, (Integer) v));
        });
    return out;
  }

  /**
   * Success, or {@link WskStatus#STATUS_INVALID_PARAMETER} for a value out of range.
   *
   * @param opt the option
   * @param value its new value, of the option's type
   */
  public static WskStatus validate(SocketOption<?> opt, Object value) {
    if ((opt == SocketOption.SO_RCVBUF || opt == SocketOption.SO_SNDBUF) && (Integer) value <= 0) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (isKeepAliveTiming(opt)) {
      int max = opt == SocketOption.TCP_KEEPCNT ? 127 : 32767;
      int v = (Integer) value;
      if (v < 1 || v > max) return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return WskStatus.STATUS_SUCCESS;
  }

  /**
   * SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other, as on Windows.
   *
   * @param options the values set so far
   * @param opt the option being set
   * @param value its new value
   */
  public static WskStatus checkExclusive(
      Map<SocketOption<?>, Object> options, SocketOption<?> opt, Object value) {
    boolean on = Boolean.TRUE.equals(value);
    if (on
        && opt == SocketOption.SO_REUSEADDR
        && Boolean.TRUE.equals(options.get(SocketOption.SO_EXCLUSIVEADDRUSE))) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (on
        && opt == SocketOption.SO_EXCLUSIVEADDRUSE
        && Boolean.TRUE.equals(options.get(SocketOption.SO_REUSEADDR))) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return WskStatus.STATUS_SUCCESS;
  }

  /**
   * Applies an option to a connected Java socket.
   *
   * @param s the socket, or null when the transport has none
   * @param opt the option
   * @param value its value
   */
  public static WskStatus apply(Socket s, SocketOption<?> opt, Object value) {
    if (s == null) return WskStatus.STATUS_NOT_SUPPORTED;
    try {
      if (opt == SocketOption.SO_KEEPALIVE) s.setKeepAlive((Boolean) value);
      else if (opt == SocketOption.SO_RCVBUF) s.setReceiveBufferSize((Integer) value);
      else if (opt == SocketOption.SO_SNDBUF) s.setSendBufferSize((Integer) value);
      else if (opt == SocketOption.TCP_NODELAY) s.setTcpNoDelay((Boolean) value);
      else if (isKeepAliveTiming(opt)) s.setOption(jdkOption(opt), (Integer) value);
      else return WskStatus.STATUS_NOT_SUPPORTED;
      return WskStatus.STATUS_SUCCESS;
    } catch (UnsupportedOperationException e) {
      return WskStatus.STATUS_NOT_SUPPORTED;
    } catch (IOException e) {
      return Statuses.of(e, WskStatus.STATUS_INVALID_DEVICE_STATE);
    }
  }

  /**
   * Reads an option from a connected Java socket; null when it cannot.
   *
   * @param s the socket, may be null
   * @param opt the option
   */
  public static Object read(Socket s, SocketOption<?> opt) {
    if (s == null) return null;
    try {
      if (opt == SocketOption.SO_KEEPALIVE) return s.getKeepAlive();
      if (opt == SocketOption.SO_RCVBUF) return s.getReceiveBufferSize();
      if (opt == SocketOption.SO_SNDBUF) return s.getSendBufferSize();
      if (opt == SocketOption.TCP_NODELAY) return s.getTcpNoDelay();
      if (isKeepAliveTiming(opt)) return s.getOption(jdkOption(opt));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    return null;
  }

  /**
   * The value set before bind or connect, or the WSK default; null when it is not known yet.
   *
   * @param options the values set so far
   * @param opt the option
   */
  public static Object valueOrDefault(Map<SocketOption<?>, Object> options, SocketOption<?> opt) {
    Object v = options.get(opt);
    if (v != null) return v;
    if (opt == SocketOption.TCP_NODELAY || opt == SocketOption.IPV6_V6ONLY) return Boolean.TRUE;
    if (opt == SocketOption.SO_REUSEADDR
        || opt == SocketOption.SO_EXCLUSIVEADDRUSE
        || opt == SocketOption.SO_KEEPALIVE) {
      return Boolean.FALSE;
    }
    return null;
  }

  /**
   * Sets TCP_NODELAY on a connected socket; false when it could not.
   *
   * @param s the socket, may be null
   * @param on the new value
   */
  public static boolean setNoDelay(Socket s, boolean on) {
    return apply(s, SocketOption.TCP_NODELAY, on).isSuccess();
  }

  /**
   * SO_SNDBUF of a connected socket, or null.
   *
   * @param s the socket, may be null
   */
  public static Integer sendBufferSize(Socket s) {
    return (Integer) read(s, SocketOption.SO_SNDBUF);
  }
}
