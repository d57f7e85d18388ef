package org.wskactors.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Asks the subsystem actor for the runtime's counters. Any actor (a health check, a metrics
 * exporter) sends it to {@code Wsk.get(system).subsystem()}; the subsystem answers {@code replyTo}
 * with one {@link WskStatistics} snapshot. No registration is needed and nothing is reset.
 *
 * @param replyTo receives the snapshot
 */
public record GetStatistics(ActorRef<WskStatistics> replyTo) implements WskSubsystem.Command {}
