package org.wskactors.samples.chat.backend;

/**
 * Marker for every message that may cross nodes in cluster mode; bound to Jackson CBOR by {@code
 * pekko.actor.serialization-bindings} in the chat configuration.
 */
public interface CborSerializable {}
