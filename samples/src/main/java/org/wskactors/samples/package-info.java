/**
 * Runnable samples of wsk-actors, started through {@link org.wskactors.samples.Main}: {@code echo}
 * (a TCP echo server, the counterpart of the WSK sample {@code echosrv}) and {@code datagram} (a
 * UDP echo server and a syslog collector); {@code chat} is to follow.
 */
package org.wskactors.samples;
