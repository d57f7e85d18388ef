/**
 * The public message contract of wsk-actors: the Winsock Kernel socket model as typed Pekko
 * messages.
 *
 * <p>Each socket category's dispatch table is a sealed {@code Command} interface ({@link
 * org.wskactors.protocol.ListenSocket.Command}, {@link
 * org.wskactors.protocol.ConnectionSocket.Command}); a request shared by several tables is one
 * record implementing each. Requests carry a {@code replyTo} and complete with a reply holding a
 * {@link org.wskactors.protocol.WskStatus}; events go to the handler actor named when the socket
 * was created or accepted.
 */
package org.wskactors.protocol;
