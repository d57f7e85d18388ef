/**
 * INTERNAL API: the actors behind the protocol (subsystem, client, listening and connection
 * sockets) and the bridge to Pekko IO. Not for use by applications; may change without notice.
 */
package org.wskactors.runtime.internal;
