/**
 * The seam between a chat session and the shared state of the chat network: {@link
 * org.wskactors.samples.chat.backend.ChatBackend} with the channel protocol ({@link
 * org.wskactors.samples.chat.backend.ChannelCommand}), the nick registry's protocol ({@link
 * org.wskactors.samples.chat.backend.NickCommand}), what sessions receive ({@link
 * org.wskactors.samples.chat.backend.SessionEvent}) and the user record they share ({@link
 * org.wskactors.samples.chat.backend.UserInfo}). The single-node and the cluster backend both
 * implement it, so the IRC code is the same for both.
 */
package org.wskactors.samples.chat.backend;
