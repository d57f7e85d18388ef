package org.wskactors.protocol;

/**
 * The subsystem protocol ({@code WskRegister}): an application registers as a WSK client with the
 * subsystem actor (one per ActorSystem, obtained from the runtime's {@code Wsk} extension) and gets
 * its provider, the client-level dispatch table.
 */
public final class WskSubsystem {
  private WskSubsystem() {}

  /** Requests to the subsystem actor. */
  public sealed interface Command permits Register, GetStatistics {}
}
