package org.wskactors.protocol;

/**
 * Reply from a provider to the sender of {@link Deregister}, after every socket of the client was
 * closed.
 *
 * @param status always {@link WskStatus#STATUS_SUCCESS}
 * @param socketsClosed the number of sockets that were still open and got closed
 */
public record Deregistered(WskStatus status, int socketsClosed) implements WskCompletion {}
