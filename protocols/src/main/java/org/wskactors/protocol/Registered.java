package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reply from the subsystem actor to the sender of {@link Register}.
 *
 * @param status the completion status; {@link WskStatus#STATUS_INVALID_PARAMETER} for a bad name
 * @param provider the client's provider; null on failure
 */
public record Registered(WskStatus status, ActorRef<WskProvider.Command> provider)
    implements WskCompletion {}
