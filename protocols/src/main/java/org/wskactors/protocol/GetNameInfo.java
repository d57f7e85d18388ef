package org.wskactors.protocol;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskGetNameInfo}: the application asks its provider for the host name (reverse DNS) and
 * service name of an address.
 *
 * <p>Reply: {@link NameInfoCompleted}; {@link WskStatus#STATUS_NOT_FOUND} when the address has no
 * name and {@link #NI_NAMEREQD} is set (otherwise the numeric form is returned); {@link
 * WskStatus#STATUS_INVALID_PARAMETER} for a null or unresolved address.
 *
 * @param address the address to name
 * @param flags {@code NI_*} flags: {@link #NI_NUMERICHOST}, {@link #NI_NUMERICSERV}, {@link
 *     #NI_NAMEREQD}, {@link #NI_DGRAM}
 * @param replyTo receives the {@link NameInfoCompleted}
 */
public record GetNameInfo(InetSocketAddress address, int flags, ActorRef<NameInfoCompleted> replyTo)
    implements WskProvider.Command {

  /** Return the numeric host. */
  public static final int NI_NUMERICHOST = 0x02;

  /** Fail with {@link WskStatus#STATUS_NOT_FOUND} when the host has no name. */
  public static final int NI_NAMEREQD = 0x04;

  /** Return the numeric service. */
  public static final int NI_NUMERICSERV = 0x08;

  /** The service is a datagram service. */
  public static final int NI_DGRAM = 0x10;
}
