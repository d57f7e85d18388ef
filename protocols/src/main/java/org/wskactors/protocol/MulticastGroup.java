package org.wskactors.protocol;

import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * The value of {@link SocketOption#MCAST_JOIN_GROUP} and {@link SocketOption#MCAST_LEAVE_GROUP}.
 *
 * @param group the multicast group address (IPv4 or IPv6, of the socket's family)
 * @param networkInterface the interface to join on, or null for the system's choice
 */
public record MulticastGroup(InetAddress group, NetworkInterface networkInterface) {}
