package org.wskactors.protocol;

/**
 * {@code WSK_INSPECT_ID}: identifies an incoming connection under conditional accept. Compare by
 * content (records do).
 *
 * @param key the listener-unique key
 * @param serialNumber the connection's serial number on that listener
 */
public record InspectId(long key, long serialNumber) {}
