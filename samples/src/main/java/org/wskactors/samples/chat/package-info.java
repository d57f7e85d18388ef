/**
 * The chat sample: an IRC server (RFC 1459 / RFC 2812 client protocol) on wsk-actors stream
 * sockets. {@link org.wskactors.samples.chat.ChatServer} listens and runs one {@link
 * org.wskactors.samples.chat.ClientSession} per connection with receive-window flow control, a
 * flood throttle and a send-queue bound; channels are {@link
 * org.wskactors.samples.chat.ChannelActor}s reached through the {@link
 * org.wskactors.samples.chat.backend.ChatBackend} seam, which the single-node {@link
 * org.wskactors.samples.chat.local.LocalChatBackend} implements. Settings come from the {@code
 * wsk-chat} section of the configuration ({@link org.wskactors.samples.chat.ChatSettings}).
 */
package org.wskactors.samples.chat;
