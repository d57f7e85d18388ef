/**
 * The echo sample: {@link org.wskactors.samples.echo.EchoServer}, a dual-stack TCP echo server that
 * takes connections through accept events and echoes each one with receive-window flow control in
 * an {@link org.wskactors.samples.echo.EchoConnection}.
 */
package org.wskactors.samples.echo;
