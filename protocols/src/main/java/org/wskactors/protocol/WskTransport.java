package org.wskactors.protocol;

/**
 * {@code WSK_TRANSPORT}: one supported family, type and protocol triple, as listed by {@link
 * ClientControlCode#WSK_TRANSPORT_LIST_QUERY}.
 *
 * @param version the WSK version, {@code MAKE_WSK_VERSION(1, 0)} = 0x0100
 * @param socketType the socket type
 * @param protocol the IP protocol number
 * @param family the address family
 */
public record WskTransport(
    int version, SocketType socketType, int protocol, AddressFamily family) {}
