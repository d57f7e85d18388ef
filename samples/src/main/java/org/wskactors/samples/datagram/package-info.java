/**
 * The datagram sample: {@link org.wskactors.samples.datagram.UdpEchoServer}, the RFC 862 echo
 * service over UDP with receive-window flow control, and {@link
 * org.wskactors.samples.datagram.SyslogCollector}, a syslog receiver that parses RFC 5424 and RFC
 * 3164 messages with {@link org.wskactors.samples.datagram.SyslogParser} into {@link
 * org.wskactors.samples.datagram.SyslogMessage}s. Both take datagrams through receive-from events
 * on a dual-stack datagram socket.
 */
package org.wskactors.samples.datagram;
