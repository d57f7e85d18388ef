package org.wskactors.runtime.internal;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.pekko.actor.typed.ActorSystem;
import org.wskactors.protocol.SocketCategory;
import org.wskactors.protocol.WskStatistics;
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

  private WskStatistics s() {
    return metrics.snapshot();
  }

  @Override
  public int getClients() {
    return s().clients();
  }

  @Override
  public long getOpenBasicSockets() {
    return s().openSockets(SocketCategory.BASIC);
  }

  @Override
  public long getOpenListenSockets() {
    return s().openSockets(SocketCategory.LISTEN);
  }

  @Override
  public long getOpenDatagramSockets() {
    return s().openSockets(SocketCategory.DATAGRAM);
  }

  @Override
  public long getOpenConnectionSockets() {
    return s().openSockets(SocketCategory.CONNECTION);
  }

  @Override
  public long getOpenStreamSockets() {
    return s().openSockets(SocketCategory.STREAM);
  }

  @Override
  public long getConnectionsAccepted() {
    return s().connectionsAccepted();
  }

  @Override
  public long getConnectionsConnected() {
    return s().connectionsConnected();
  }

  @Override
  public long getBytesReceived() {
    return s().bytesReceived();
  }

  @Override
  public long getBytesSent() {
    return s().bytesSent();
  }

  @Override
  public long getDatagramsReceived() {
    return s().datagramsReceived();
  }

  @Override
  public long getDatagramsSent() {
    return s().datagramsSent();
  }

  @Override
  public long getDatagramsDropped() {
    return s().datagramsDropped();
  }

  @Override
  public long getReceiveWindowStalls() {
    return s().receiveWindowStalls();
  }

  @Override
  public long getSendQueueRejections() {
    return s().sendQueueRejections();
  }

  @Override
  public long getSocketsFailed() {
    return s().socketsFailed();
  }
}
