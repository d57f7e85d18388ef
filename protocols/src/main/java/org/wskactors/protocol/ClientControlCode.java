package org.wskactors.protocol;

import java.util.List;
import java.util.Set;

/**
 * A typed {@code WskControlClient} code for {@link ControlClient}.
 *
 * @param <I> the input type ({@link Void} when none)
 * @param <O> the output type ({@link Void} when none)
 */
public final class ClientControlCode<I, O> {

  /** {@code WSK_TRANSPORT_LIST_QUERY} (2): the supported transports. */
  public static final ClientControlCode<Void, List<WskTransport>> WSK_TRANSPORT_LIST_QUERY =
      new ClientControlCode<>("WSK_TRANSPORT_LIST_QUERY", 2);

  /**
   * {@code WSK_TRANSPORT_LIST_CHANGE} (3): completes when a transport is added or removed, or
   * {@link WskStatus#STATUS_CANCELLED} at deregistration. The transport set of this runtime is
   * fixed, so it completes only at deregistration.
   */
  public static final ClientControlCode<Void, Void> WSK_TRANSPORT_LIST_CHANGE =
      new ClientControlCode<>("WSK_TRANSPORT_LIST_CHANGE", 3);

  /** {@code WSK_CACHE_SD} (4): not supported (no security descriptors on Java). */
  public static final ClientControlCode<Object, Object> WSK_CACHE_SD =
      new ClientControlCode<>("WSK_CACHE_SD", 4);

  /** {@code WSK_RELEASE_SD} (5): not supported (no security descriptors on Java). */
  public static final ClientControlCode<Object, Object> WSK_RELEASE_SD =
      new ClientControlCode<>("WSK_RELEASE_SD", 5);

  /** {@code WSK_TDI_DEVICENAME_MAPPING} (6): not supported (no TDI). */
  public static final ClientControlCode<Object, Object> WSK_TDI_DEVICENAME_MAPPING =
      new ClientControlCode<>("WSK_TDI_DEVICENAME_MAPPING", 6);

  /**
   * {@code WSK_SET_STATIC_EVENT_CALLBACKS} (7): the events are enabled on every socket the client
   * creates (and every socket its listeners accept) from now on; only before the client's first
   * socket ({@link WskStatus#STATUS_INVALID_DEVICE_STATE} after), and it cannot be undone.
   */
  public static final ClientControlCode<Set<WskEvent>, Void> WSK_SET_STATIC_EVENT_CALLBACKS =
      new ClientControlCode<>("WSK_SET_STATIC_EVENT_CALLBACKS", 7);

  /** {@code WSK_TDI_BEHAVIOR} (8): not supported (no TDI). */
  public static final ClientControlCode<Object, Object> WSK_TDI_BEHAVIOR =
      new ClientControlCode<>("WSK_TDI_BEHAVIOR", 8);

  private final String name;
  private final int value;

  private ClientControlCode(String name, int value) {
    this.name = name;
    this.value = value;
  }

  /** {@return the WSK name of the control code} */
  public String name() {
    return name;
  }

  /** {@return the WSK control code value} */
  public int value() {
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
