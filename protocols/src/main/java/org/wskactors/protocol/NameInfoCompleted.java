package org.wskactors.protocol;

/**
 * Reply from a provider to the sender of {@link GetNameInfo}.
 *
 * @param status the completion status
 * @param hostName the host name (or numeric host); null on failure
 * @param serviceName the service name (or numeric port); null on failure
 */
public record NameInfoCompleted(WskStatus status, String hostName, String serviceName)
    implements WskCompletion {}
