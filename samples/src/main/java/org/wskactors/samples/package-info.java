/**
 * Runnable samples of wsk-actors, started through {@link org.wskactors.samples.Main}: {@code echo}
 * (a TCP echo server, the counterpart of the WSK sample {@code echosrv}); {@code chat} and {@code
 * datagram} are to follow.
 */
package org.wskactors.samples;
