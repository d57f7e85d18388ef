package org.wskactors.protocol;

/**
 * The hints of {@link GetAddressInfo} ({@code ADDRINFOEXW} hints).
 *
 * @param family only addresses of this family, or null for both
 * @param socketType the socket type the results are for, or null for both
 */
public record AddressInfoHints(AddressFamily family, SocketType socketType) {

  /** No restriction. */
  public static final AddressInfoHints ANY = new AddressInfoHints(null, null);
}
