package org.wskactors.protocol;

/**
 * Reply from a socket to the sender of {@link Ioctl}.
 *
 * @param status the completion status
 * @param code the IOCTL that completed
 * @param output its output; null unless the status is success or the code has no output
 * @param <O> the output type
 */
public record IoctlCompleted<O>(WskStatus status, IoctlCode<?, O> code, O output)
    implements WskCompletion {}
