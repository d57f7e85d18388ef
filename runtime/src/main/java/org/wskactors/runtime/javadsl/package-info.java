/**
 * The Java facade of wsk-actors: the socket protocol as {@link
 * java.util.concurrent.CompletionStage} methods, for callers that are not actors (a {@code main}, a
 * test, a service).
 *
 * <p>Start with {@link org.wskactors.runtime.javadsl.WskClient#register}; sockets are {@link
 * org.wskactors.runtime.javadsl.WskListener}, {@link org.wskactors.runtime.javadsl.WskConnection}
 * and {@link org.wskactors.runtime.javadsl.WskDatagram}. Every method sends one protocol request
 * (the same messages actors send) with the ask pattern; a failure status completes the stage with
 * {@link org.wskactors.runtime.javadsl.WskException}, a missing reply with {@link
 * org.wskactors.runtime.javadsl.WskTimeoutException}. Socket events reach a small handler actor per
 * socket that calls {@link org.wskactors.runtime.javadsl.ConnectionCallbacks}, {@link
 * org.wskactors.runtime.javadsl.ListenCallbacks} or {@link
 * org.wskactors.runtime.javadsl.DatagramCallbacks}, serialized, and always sends the event's reply.
 */
package org.wskactors.runtime.javadsl;
