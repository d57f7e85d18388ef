package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskGetAddressInfo}: the application asks its provider to resolve a host and service name
 * (through Pekko IO's DNS with the resolver and name servers configured for the ActorSystem).
 *
 * <p>Reply: {@link AddressInfoCompleted} with one entry per address and socket type; {@link
 * WskStatus#STATUS_NOT_FOUND} for an unknown name or service; {@link
 * WskStatus#STATUS_INVALID_PARAMETER} when both names are null or empty.
 *
 * @param nodeName a host name or address literal, or null for the loopback address
 * @param serviceName a port number or a service name ("http", "irc", ...), or null for port 0
 * @param hints family and socket-type restrictions
 * @param replyTo receives the {@link AddressInfoCompleted}
 */
public record GetAddressInfo(
    String nodeName,
    String serviceName,
    AddressInfoHints hints,
    ActorRef<AddressInfoCompleted> replyTo)
    implements WskProvider.Command {}
