/**
 * The IRC wire format and naming rules, pure and without actors: line framing ({@link
 * org.wskactors.samples.chat.irc.LineFramer}), messages ({@link
 * org.wskactors.samples.chat.irc.IrcMessage}), the {@code rfc1459} case mapping ({@link
 * org.wskactors.samples.chat.irc.CaseMapping}), nick and channel rules ({@link
 * org.wskactors.samples.chat.irc.IrcRules}) and numerics ({@link
 * org.wskactors.samples.chat.irc.Numeric}).
 */
package org.wskactors.samples.chat.irc;
