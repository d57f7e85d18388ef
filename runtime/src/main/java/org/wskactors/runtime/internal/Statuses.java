package org.wskactors.runtime.internal;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;
import org.wskactors.protocol.WskStatus;

/** INTERNAL API: maps Java and Pekko IO failures to WSK statuses. */
public final class Statuses {
  private Statuses() {}

  /**
   * The status for a failure of a bind, connect or transport operation.
   *
   * @param cause the exception from Java or Pekko IO, may be null
   * @param fallback the status when nothing more specific is known
   */
  public static WskStatus of(Throwable cause, WskStatus fallback) {
    if (cause == null) return fallback;
    if (cause instanceof UnresolvedAddressException
        || cause instanceof UnsupportedAddressTypeException) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (cause instanceof SocketTimeoutException) return WskStatus.STATUS_IO_TIMEOUT;
    if (cause instanceof NoRouteToHostException) return WskStatus.STATUS_HOST_UNREACHABLE;
    if (cause instanceof PortUnreachableException) return WskStatus.STATUS_CONNECTION_REFUSED;
    WskStatus byMessage = ofMessage(cause.getMessage(), null);
    if (byMessage != null) return byMessage;
    if (cause instanceof BindException) return WskStatus.STATUS_ADDRESS_ALREADY_EXISTS;
    if (cause instanceof ConnectException) return WskStatus.STATUS_CONNECTION_REFUSED;
    return cause.getCause() != null && cause.getCause() != cause
        ? of(cause.getCause(), fallback)
        : fallback;
  }

  /**
   * The status for an error text, such as the cause of Pekko IO's {@code ErrorClosed}.
   *
   * @param message the text, may be null
   * @param fallback the status when the text is not recognised
   */
  public static WskStatus ofMessage(String message, WskStatus fallback) {
    if (message == null) return fallback;
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("address already in use")) return WskStatus.STATUS_ADDRESS_ALREADY_EXISTS;
    if (m.contains("cannot assign requested address")) return WskStatus.STATUS_INVALID_ADDRESS;
    if (m.contains("permission denied")) return WskStatus.STATUS_ACCESS_DENIED;
    if (m.contains("connection refused")) return WskStatus.STATUS_CONNECTION_REFUSED;
    if (m.contains("timeout") || m.contains("timed out")) return WskStatus.STATUS_IO_TIMEOUT;
    if (m.contains("network is unreachable")) return WskStatus.STATUS_NETWORK_UNREACHABLE;
    if (m.contains("no route to host") || m.contains("host is unreachable")) {
      return WskStatus.STATUS_HOST_UNREACHABLE;
    }
    if (m.contains("connection reset") || m.contains("broken pipe")) {
      return WskStatus.STATUS_CONNECTION_RESET;
    }
    if (m.contains("connection aborted")) return WskStatus.STATUS_CONNECTION_ABORTED;
    return fallback;
  }
}
