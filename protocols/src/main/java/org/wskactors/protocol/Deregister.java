package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskDeregister}: the application ends its registration. Every socket of the client is
 * closed (as by {@link CloseSocket}); the reply comes when all are closed, then the provider stops.
 *
 * @param replyTo receives the {@link Deregistered}
 */
public record Deregister(ActorRef<Deregistered> replyTo) implements WskProvider.Command {}
