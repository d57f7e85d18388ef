package org.wskactors.runtime.javadsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.wskactors.protocol.SocketOption;

/**
 * Typed options a {@link WskClient} sets on a new listening or datagram socket before it binds it
 * (one {@code SetOption} each, in the order given), for the options WSK allows only before bind
 * such as {@link SocketOption#IPV6_V6ONLY} or {@link SocketOption#SO_REUSEADDR}. Immutable.
 *
 * <pre>{@code
 * SocketOptions dualStack = SocketOptions.none().with(SocketOption.IPV6_V6ONLY, false);
 * }</pre>
 */
public final class SocketOptions {
  private static final SocketOptions NONE = new SocketOptions(List.of());

  /** One option and its value, as the facade sends it. */
  record Entry<T>(SocketOption<T> option, T value) {}

  private final List<Entry<?>> entries;

  private SocketOptions(List<Entry<?>> entries) {
    this.entries = entries;
  }

  /**
   * No options.
   *
   * @return the empty options
   */
  public static SocketOptions none() {
    return NONE;
  }

  /**
   * These options and one more, set after them.
   *
   * @param option the option
   * @param value its value, of the option's type
   * @param <T> the option's value type
   * @return a new instance; this one is unchanged
   */
  public <T> SocketOptions with(SocketOption<T> option, T value) {
    List<Entry<?>> more = new ArrayList<>(entries);
    more.add(new Entry<>(Objects.requireNonNull(option), Objects.requireNonNull(value)));
    return new SocketOptions(List.copyOf(more));
  }

  List<Entry<?>> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
