package org.wskactors.protocol;

/**
 * Reply from a provider to the sender of {@link ControlClient}.
 *
 * @param status the completion status
 * @param code the control code
 * @param output the output; null unless the status is success and the code has output
 * @param <O> the output type
 */
public record ControlClientCompleted<O>(WskStatus status, ClientControlCode<?, O> code, O output)
    implements WskCompletion {}
