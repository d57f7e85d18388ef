package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskRegister} + {@code WskCaptureProviderNPI}: the application registers a client with the
 * subsystem actor. A process may register any number of clients; each owns its sockets.
 *
 * <p>Reply: {@link Registered} with the client's provider. When {@code owner} stops, the client is
 * deregistered and all its sockets close.
 *
 * @param clientName a name for logs and actor paths (letters, digits, '-' and '_')
 * @param owner the application actor that owns the registration, or null for none
 * @param replyTo receives the {@link Registered}
 */
public record Register(String clientName, ActorRef<?> owner, ActorRef<Registered> replyTo)
    implements WskSubsystem.Command {}
