/**
 * The servers under test, each a {@code main} that prints {@code PORT n} once listening: this
 * project's echo servers (receive-event and posted-receive styles, UDP), and the peers it is
 * compared with (classic Pekko IO TCP and UDP, Pekko Streams TCP, Netty 4.1 NIO and epoll, plain
 * JDK NIO).
 */
package org.wskactors.benchmarks.servers;
