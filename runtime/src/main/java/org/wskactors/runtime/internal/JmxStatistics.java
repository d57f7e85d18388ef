package org.wskactors.runtime.internal;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.pekko.actor.typed.ActorSystem;
import org.wskactors.protocol.SocketCategory;
import org.wskactors.runtime.WskStatisticsMXBean;

/**
 * INTERNAL API: the {@link WskStatisticsMXBean} of one ActorSystem, over its {@link WskMetrics}.
 */
public final class JmxStatistics implements WskStatisticsMXBean {
  private final WskMetrics metrics;

  private JmxStatistics(WskMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Registers the MBean of a system with the platform MBean server and unregisters it when the
   * system terminates. A second system of the same name in the JVM gets an {@code instance} key.
   *
   * @param system the system
   * @return the name it was registered under, or null when registration failed (logged)
   */
  public static ObjectName register(ActorSystem<?> system) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    JmxStatistics bean = new JmxStatistics(WskMetrics.get(system));
    String base = "org.wskactors:type=WskStatistics,system=" + ObjectName.quote(system.name());
    for (int instance = 1; instance < 1000; instance++) {
      try {
        ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
        server.registerMBean(bean, name);
        system
            .getWhenTerminated()
            .thenRun(
                () -> {
                  try {
                    server.unregisterMBean(name);
                  } catch (JMException e) {
                    // already gone
                  }
                });
        return name;
      } catch (InstanceAlreadyExistsException e) {
        // another system of the same name: try the next instance number
      } catch (JMException e) {
        system.log().warn("wsk-actors statistics not registered with JMX: {}", e.toString());
        return null;
      }
    }
    return null;
  }

  @Override
  public int getClients() {
    return (int) metrics.clients.sum();
  }

  @Override
  public long getOpenBasicSockets() {
    return metrics.openSockets(SocketCategory.BASIC);
  }

  @Override
  public long getOpenListenSockets() {
    return metrics.openSockets(SocketCategory.LISTEN);
  }

  @Override
  public long getOpenDatagramSockets() {
    return metrics.openSockets(SocketCategory.DATAGRAM);
  }

  @Override
  public long getOpenConnectionSockets() {
    return metrics.openSockets(SocketCategory.CONNECTION);
  }

  @Override
  public long getOpenStreamSockets() {
    return metrics.openSockets(SocketCategory.STREAM);
  }

  @Override
  public long getConnectionsAccepted() {
    return metrics.connectionsAccepted.sum();
  }

  @Override
  public long getConnectionsConnected() {
    return metrics.connectionsConnected.sum();
  }

  @Override
  public long getBytesReceived() {
    return metrics.bytesReceived.sum();
  }

  @Override
  public long getBytesSent() {
    return metrics.bytesSent.sum();
  }

  @Override
  public long getDatagramsReceived() {
    return metrics.datagramsReceived.sum();
  }

  @Override
  public long getDatagramsSent() {
    return metrics.datagramsSent.sum();
  }

  @Override
  public long getDatagramsDropped() {
    return metrics.datagramsDropped.sum();
  }

  @Override
  public long getReceiveWindowStalls() {
    return metrics.receiveWindowStalls.sum();
  }

  @Override
  public long getSendQueueRejections() {
    return metrics.sendQueueRejections.sum();
  }

  @Override
  public long getSocketsFailed() {
    return metrics.socketsFailed.sum();
  }
}
