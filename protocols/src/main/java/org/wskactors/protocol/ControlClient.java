package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskControlClient}: the application issues a client-wide control to its provider.
 *
 * <p>Reply: {@link ControlClientCompleted}; {@link WskStatus#STATUS_NOT_SUPPORTED} for the TDI and
 * security-descriptor codes; {@link WskStatus#STATUS_INVALID_PARAMETER} for a null code or bad
 * input.
 *
 * @param code the control code
 * @param input its input, null for {@code Void}
 * @param replyTo receives the {@link ControlClientCompleted}
 * @param <I> the input type
 * @param <O> the output type
 */
public record ControlClient<I, O>(
    ClientControlCode<I, O> code, I input, ActorRef<ControlClientCompleted<O>> replyTo)
    implements WskProvider.Command {}
