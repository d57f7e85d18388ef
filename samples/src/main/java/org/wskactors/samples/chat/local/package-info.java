/**
 * The single-node chat backend: a channel router with one {@link
 * org.wskactors.samples.chat.ChannelActor} child per channel, a nick registry, and the LIST and
 * LUSERS answers, behind {@link org.wskactors.samples.chat.local.LocalChatBackend}.
 */
package org.wskactors.samples.chat.local;
