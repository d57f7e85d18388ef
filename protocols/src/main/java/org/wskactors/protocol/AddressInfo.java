package org.wskactors.protocol;

import java.net.InetSocketAddress;

/**
 * One result of {@link GetAddressInfo} ({@code ADDRINFOEXW}).
 *
 * @param family the address family
 * @param socketType the socket type
 * @param protocol the IP protocol number
 * @param address the address with the service's port (0 without a service)
 * @param canonicalName the name that was resolved
 */
public record AddressInfo(
    AddressFamily family,
    SocketType socketType,
    int protocol,
    InetSocketAddress address,
    String canonicalName) {}
