/**
 * The wsk-actors runtime: the {@link org.wskactors.runtime.Wsk} extension that runs the subsystem
 * actor, and the {@link org.wskactors.runtime.WskSettings} read from {@code reference.conf}.
 */
package org.wskactors.runtime;
