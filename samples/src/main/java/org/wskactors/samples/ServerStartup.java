package org.wskactors.samples;

import java.net.InetSocketAddress;
import org.wskactors.protocol.WskStatus;

/**
 * Sent once by a sample server (echo, UDP echo, syslog collector, chat) to the startup listener
 * given at its creation: how the start went. Main's guardians and the tests wait for it.
 */
public sealed interface ServerStartup {

  /**
   * Server to startup listener: the server listens.
   *
   * @param address the bound address, with the real port
   */
  record Listening(InetSocketAddress address) implements ServerStartup {}

  /**
   * Server to startup listener: the server could not start and has stopped.
   *
   * @param requested the address the server was asked to bind
   * @param step the step that failed ({@code register}, {@code create}, {@code set IPV6_V6ONLY},
   *     {@code bind}, {@code listen}, {@code enable accept events}, ...)
   * @param status the WSK status of the failure, e.g. {@link
   *     WskStatus#STATUS_ADDRESS_ALREADY_EXISTS} when the port is in use
   */
  record StartFailed(InetSocketAddress requested, String step, WskStatus status)
      implements ServerStartup {}
}
