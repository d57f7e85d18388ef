package org.wskactors.protocol;

import java.util.List;

/**
 * Reply from a provider to the sender of {@link GetAddressInfo}.
 *
 * @param status the completion status
 * @param results the results; empty on failure
 */
public record AddressInfoCompleted(WskStatus status, List<AddressInfo> results)
    implements WskCompletion {

  /**
   * Copies the list.
   *
   * @param status the completion status
   * @param results the results; null is read as empty
   */
  public AddressInfoCompleted {
    results = results == null ? List.of() : List.copyOf(results);
  }
}
