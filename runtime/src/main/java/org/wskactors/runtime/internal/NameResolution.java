package org.wskactors.runtime.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.io.Dns;
import org.apache.pekko.io.dns.AAAARecord;
import org.apache.pekko.io.dns.ARecord;
import org.apache.pekko.io.dns.DnsProtocol;
import org.apache.pekko.io.dns.ResourceRecord;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.AddressInfo;
import org.wskactors.protocol.AddressInfoCompleted;
import org.wskactors.protocol.AddressInfoHints;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.protocol.NameInfoCompleted;
import org.wskactors.protocol.SocketType;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: short-lived actors answering name resolution requests; each answers one request,
 * then stops.
 *
 * <p><b>{@link GetAddressInfo}</b> ({@code WskGetAddressInfo}):
 *
 * <ul>
 *   <li>Node: null or empty gives the loopback addresses ({@code ::1}, {@code 127.0.0.1}); {@code
 *       localhost} gives them too, without any DNS server (as Windows answers it internally); an
 *       IPv4 or IPv6 literal is returned as is, without DNS; any other name is resolved through
 *       Pekko IO DNS ({@code Dns.get(system).manager()}, {@code DnsProtocol.resolve(name,
 *       ipRequestType(ipv4, ipv6))}), so the system's {@code pekko.io.dns.resolver} and, with
 *       {@code async-dns}, its name servers, search domains and caches apply. A and AAAA records
 *       are asked for as {@code hints.family} allows (both when null).
 *   <li>Service: null or empty gives port 0; a number 0 to 65535 is that port; a name is looked up
 *       in {@link #SERVICES}. An unknown name completes {@link WskStatus#STATUS_NOT_FOUND}, a
 *       number out of range {@link WskStatus#STATUS_INVALID_PARAMETER}.
 *   <li>Results: one {@link AddressInfo} per address and socket type ({@code hints.socketType}, or
 *       STREAM then DGRAM when null), with protocol 6 or 17, in the resolver's order.
 *   <li>Failures: both names null or empty → {@link WskStatus#STATUS_INVALID_PARAMETER}; no address
 *       of an allowed family (no records, NXDOMAIN, a refusing server, a literal of the other
 *       family, a resolver failure) → {@link WskStatus#STATUS_NOT_FOUND}; no answer within {@code
 *       wsk-actors.resolver.timeout}, or async-dns giving up after its name servers did not answer
 *       within {@code pekko.io.dns.async-dns.resolve-timeout} → {@link
 *       WskStatus#STATUS_IO_TIMEOUT}.
 * </ul>
 *
 * <p><b>{@link GetNameInfo}</b> ({@code WskGetNameInfo}):
 *
 * <ul>
 *   <li>Host: with {@link GetNameInfo#NI_NUMERICHOST} the numeric form (IPv6 compressed as in RFC
 *       5952, with its {@code %scope}); otherwise a reverse lookup. Pekko 1.7's DNS protocol has no
 *       PTR request type (only {@code Ip} and {@code Srv}), so the reverse lookup is the JDK's
 *       blocking {@link InetAddress#getCanonicalHostName()}, run on Pekko's blocking dispatcher: it
 *       uses the operating system's resolver (hosts file, {@code resolv.conf}), not {@code
 *       pekko.io.dns} name servers. Without a name the numeric host is returned, unless {@link
 *       GetNameInfo#NI_NAMEREQD} is set ({@link WskStatus#STATUS_NOT_FOUND}).
 *   <li>Service: the name from {@link #SERVICES} for the port, or the number when there is none or
 *       {@link GetNameInfo#NI_NUMERICSERV} is set. {@link GetNameInfo#NI_DGRAM} is accepted; the
 *       table does not distinguish TCP from UDP.
 *   <li>Failures: null or unresolved address → {@link WskStatus#STATUS_INVALID_PARAMETER}; no
 *       reverse answer within {@code wsk-actors.resolver.timeout} → {@link
 *       WskStatus#STATUS_IO_TIMEOUT} (the blocked lookup thread is left to finish on its own).
 * </ul>
 */
public final class NameResolution {
  private NameResolution() {}

  /**
   * The well-known services this runtime names, lower case, name to port (IANA / {@code
   * /etc/services} values; the same port for TCP and UDP). GetAddressInfo looks names up here;
   * GetNameInfo names a port with the first entry that has it.
   */
  public static final Map<String, Integer> SERVICES = services();

  private static Map<String, Integer> services() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("echo", 7);
    m.put("discard", 9);
    m.put("daytime", 13);
    m.put("ftp-data", 20);
    m.put("ftp", 21);
    m.put("ssh", 22);
    m.put("telnet", 23);
    m.put("smtp", 25);
    m.put("domain", 53);
    m.put("tftp", 69);
    m.put("http", 80);
    m.put("www", 80);
    m.put("kerberos", 88);
    m.put("pop3", 110);
    m.put("ntp", 123);
    m.put("imap", 143);
    m.put("snmp", 161);
    m.put("ldap", 389);
    m.put("https", 443);
    m.put("syslog", 514);
    m.put("submission", 587);
    m.put("ldaps", 636);
    m.put("imaps", 993);
    m.put("pop3s", 995);
    m.put("mysql", 3306);
    m.put("postgresql", 5432);
    m.put("irc", 6667);
    m.put("http-alt", 8080);
    return Collections.unmodifiableMap(m);
  }

  /**
   * A reverse lookup: the name of an address, or null when it has none. Called on the blocking
   * dispatcher; it may block.
   */
  @FunctionalInterface
  public interface ReverseLookup {
    /**
     * The host name of an address.
     *
     * @param address the address to name
     * @return its name, or null when it has none
     * @throws Exception when the lookup fails
     */
    String nameOf(InetAddress address) throws Exception;
  }

  /**
   * The JDK's reverse lookup ({@link InetAddress#getCanonicalHostName()}, which returns the numeric
   * form when there is no name).
   */
  public static final ReverseLookup SYSTEM_REVERSE_LOOKUP =
      address -> {
        // A fresh instance without a cached host name, so the JDK really asks.
        InetAddress bare =
            address instanceof Inet6Address v6
                ? Inet6Address.getByAddress(null, v6.getAddress(), v6.getScopeId())
                : InetAddress.getByAddress(address.getAddress());
        String name = bare.getCanonicalHostName();
        return name == null || name.equals(bare.getHostAddress()) ? null : name;
      };

  private record DnsAnswer(Object answer, Throwable failure) {}

  private record ReverseAnswer(String name, Throwable failure) {}

  private enum TimedOut {
    INSTANCE
  }

  // ---- GetAddressInfo ------------------------------------------------------------------------

  /**
   * Answers one {@link GetAddressInfo}, then stops.
   *
   * @param settings runtime settings
   * @param request the request
   */
  public static Behavior<Object> addressInfo(WskSettings settings, GetAddressInfo request) {
    return Behaviors.setup(ctx -> startAddressInfo(ctx, settings, request));
  }

  private static Behavior<Object> startAddressInfo(
      ActorContext<Object> ctx, WskSettings settings, GetAddressInfo request) {
    ActorRef<AddressInfoCompleted> replyTo = request.replyTo();
    if (replyTo == null) return Behaviors.stopped();
    String node = emptyToNull(request.nodeName());
    String service = emptyToNull(request.serviceName());
    if (node == null && service == null) {
      return fail(replyTo, WskStatus.STATUS_INVALID_PARAMETER);
    }
    int port;
    try {
      port = servicePort(service);
    } catch (ServiceException e) {
      return fail(replyTo, e.status);
    }
    AddressInfoHints hints = request.hints() == null ? AddressInfoHints.ANY : request.hints();
    boolean v4 = hints.family() == null || hints.family() == AddressFamily.INET;
    boolean v6 = hints.family() == null || hints.family() == AddressFamily.INET6;

    if (node == null || isLocalhost(node)) {
      String canonical = node == null ? "localhost" : node;
      List<InetAddress> loopback = new ArrayList<>();
      if (v6) loopback.add(LOOPBACK6);
      if (v4) loopback.add(LOOPBACK4);
      return reply(replyTo, results(loopback, v4, v6, port, hints.socketType(), canonical));
    }
    InetAddress literal;
    try {
      literal = parseLiteral(node);
    } catch (UnknownHostException e) {
      return fail(replyTo, WskStatus.STATUS_NOT_FOUND); // malformed IPv6 literal
    }
    if (literal != null) {
      return reply(replyTo, results(List.of(literal), v4, v6, port, hints.socketType(), node));
    }

    long started = System.nanoTime();
    CompletionStage<Object> answer =
        Patterns.ask(
            Dns.get(ctx.getSystem()).manager(),
            DnsProtocol.resolve(node, DnsProtocol.ipRequestType(v4, v6)),
            settings.resolverTimeout());
    ctx.pipeToSelf(answer, DnsAnswer::new);
    return Behaviors.receive(Object.class)
        .onMessage(
            DnsAnswer.class,
            m -> {
              if (m.failure() != null) {
                WskStatus status = timeoutStatus(m.failure(), null);
                if (status == null) {
                  status =
                      nameServersTimedOut(ctx, System.nanoTime() - started)
                          ? WskStatus.STATUS_IO_TIMEOUT
                          : WskStatus.STATUS_NOT_FOUND;
                }
                ctx.getLog().debug("Resolving [{}] failed: {}", node, status, m.failure());
                return fail(replyTo, status);
              }
              List<InetAddress> addresses = new ArrayList<>();
              String canonical = node;
              if (m.answer() instanceof DnsProtocol.Resolved r) {
                for (ResourceRecord rr : r.getRecords()) {
                  InetAddress a = null;
                  if (rr instanceof ARecord ar) a = ar.ip();
                  else if (rr instanceof AAAARecord aaaa) a = aaaa.ip();
                  if (a != null && !addresses.contains(a)) {
                    if (addresses.isEmpty()) canonical = stripDot(rr.name());
                    addresses.add(a);
                  }
                }
              }
              return reply(
                  replyTo, results(addresses, v4, v6, port, hints.socketType(), canonical));
            })
        .build();
  }

  private static List<AddressInfo> results(
      List<InetAddress> addresses,
      boolean v4,
      boolean v6,
      int port,
      SocketType type,
      String canonical) {
    List<AddressInfo> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      AddressFamily family = a instanceof Inet4Address ? AddressFamily.INET : AddressFamily.INET6;
      if ((family == AddressFamily.INET && !v4) || (family == AddressFamily.INET6 && !v6)) {
        continue;
      }
      for (SocketType t : type == null ? SocketType.values() : new SocketType[] {type}) {
        out.add(
            new AddressInfo(family, t, t.protocol(), new InetSocketAddress(a, port), canonical));
      }
    }
    return out;
  }

  private static Behavior<Object> reply(
      ActorRef<AddressInfoCompleted> replyTo, List<AddressInfo> results) {
    if (results.isEmpty()) return fail(replyTo, WskStatus.STATUS_NOT_FOUND);
    replyTo.tell(new AddressInfoCompleted(WskStatus.STATUS_SUCCESS, results));
    return Behaviors.stopped();
  }

  private static Behavior<Object> fail(ActorRef<AddressInfoCompleted> replyTo, WskStatus status) {
    replyTo.tell(new AddressInfoCompleted(status, List.of()));
    return Behaviors.stopped();
  }

  private static final class ServiceException extends Exception {
    final WskStatus status;

    ServiceException(WskStatus status) {
      super(status.name(), null, false, false);
      this.status = status;
    }
  }

  private static int servicePort(String service) throws ServiceException {
    if (service == null) return 0;
    if (service.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (service.length() > 5) throw new ServiceException(WskStatus.STATUS_INVALID_PARAMETER);
      int p = Integer.parseInt(service);
      if (p > 65535) throw new ServiceException(WskStatus.STATUS_INVALID_PARAMETER);
      return p;
    }
    Integer p = SERVICES.get(service.toLowerCase(Locale.ROOT));
    if (p == null) throw new ServiceException(WskStatus.STATUS_NOT_FOUND);
    return p;
  }

  private static final InetAddress LOOPBACK4 = loopback(new byte[] {127, 0, 0, 1});
  private static final InetAddress LOOPBACK6 =
      loopback(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

  private static InetAddress loopback(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isLocalhost(String node) {
    String n = stripDot(node).toLowerCase(Locale.ROOT);
    return n.equals("localhost") || n.endsWith(".localhost");
  }

  /**
   * The address of an IPv4 dotted-quad or IPv6 literal (brackets and {@code %scope} allowed), null
   * when {@code text} is not a literal; never asks DNS.
   *
   * @param text the node name
   * @return the address, or null for a host name
   * @throws UnknownHostException for a malformed IPv6 literal
   */
  public static InetAddress parseLiteral(String text) throws UnknownHostException {
    if (text.indexOf(':') >= 0) {
      String t =
          text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
      if (t.indexOf(':') < 0) return null;
      // With a ':' the JDK parses an IPv6 literal and never looks the text up.
      return InetAddress.getByName(t.startsWith("[") ? t : "[" + t + "]");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) return null;
      b[i] = (byte) v;
    }
    return InetAddress.getByAddress(b);
  }

  // ---- GetNameInfo ---------------------------------------------------------------------------

  /**
   * Answers one {@link GetNameInfo}, then stops.
   *
   * @param settings runtime settings
   * @param request the request
   */
  public static Behavior<Object> nameInfo(WskSettings settings, GetNameInfo request) {
    return nameInfo(settings, request, SYSTEM_REVERSE_LOOKUP);
  }

  /**
   * Answers one {@link GetNameInfo} with the given reverse lookup, then stops (for tests).
   *
   * @param settings runtime settings
   * @param request the request
   * @param reverse the reverse lookup, run on the blocking dispatcher
   */
  public static Behavior<Object> nameInfo(
      WskSettings settings, GetNameInfo request, ReverseLookup reverse) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ActorRef<NameInfoCompleted> replyTo = request.replyTo();
                  if (replyTo == null) return Behaviors.stopped();
                  InetSocketAddress address = request.address();
                  if (address == null || address.isUnresolved()) {
                    replyTo.tell(
                        new NameInfoCompleted(WskStatus.STATUS_INVALID_PARAMETER, null, null));
                    return Behaviors.stopped();
                  }
                  int flags = request.flags();
                  InetAddress ip = address.getAddress();
                  String numericHost = numericHost(ip);
                  String service = serviceName(address.getPort(), flags);
                  if ((flags & GetNameInfo.NI_NUMERICHOST) != 0) {
                    replyTo.tell(
                        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, numericHost, service));
                    return Behaviors.stopped();
                  }
                  Executor blocking =
                      ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
                  CompletableFuture<String> lookup =
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              return reverse.nameOf(ip);
                            } catch (RuntimeException e) {
                              throw e;
                            } catch (Exception e) {
                              throw new java.util.concurrent.CompletionException(e);
                            }
                          },
                          blocking);
                  ctx.pipeToSelf(lookup, ReverseAnswer::new);
                  timers.startSingleTimer(TimedOut.INSTANCE, settings.resolverTimeout());
                  return Behaviors.receive(Object.class)
                      .onMessage(
                          ReverseAnswer.class,
                          m -> {
                            String name = m.failure() == null ? m.name() : null;
                            if (m.failure() != null) {
                              ctx.getLog()
                                  .debug("Reverse lookup of [{}] failed", numericHost, m.failure());
                            }
                            if (name == null || name.isEmpty()) {
                              if ((flags & GetNameInfo.NI_NAMEREQD) != 0) {
                                replyTo.tell(
                                    new NameInfoCompleted(WskStatus.STATUS_NOT_FOUND, null, null));
                              } else {
                                replyTo.tell(
                                    new NameInfoCompleted(
                                        WskStatus.STATUS_SUCCESS, numericHost, service));
                              }
                            } else {
                              replyTo.tell(
                                  new NameInfoCompleted(
                                      WskStatus.STATUS_SUCCESS, stripDot(name), service));
                            }
                            return Behaviors.stopped();
                          })
                      .onMessage(
                          TimedOut.class,
                          m -> {
                            replyTo.tell(
                                new NameInfoCompleted(WskStatus.STATUS_IO_TIMEOUT, null, null));
                            return Behaviors.stopped();
                          })
                      .build();
                }));
  }

  private static String serviceName(int port, int flags) {
    if ((flags & GetNameInfo.NI_NUMERICSERV) == 0) {
      for (Map.Entry<String, Integer> e : SERVICES.entrySet()) {
        if (e.getValue() == port) return e.getKey();
      }
    }
    return Integer.toString(port);
  }

  /**
   * The numeric form of an address: dotted quad, or RFC 5952 compressed IPv6 (lower case, the
   * longest run of two or more zero groups as {@code ::}) with {@code %scope} when scoped.
   *
   * @param address the address
   * @return its text
   */
  public static String numericHost(InetAddress address) {
    if (!(address instanceof Inet6Address v6)) return address.getHostAddress();
    byte[] b = v6.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    if (v6.getScopedInterface() != null) sb.append('%').append(v6.getScopedInterface().getName());
    else if (v6.getScopeId() != 0) sb.append('%').append(v6.getScopeId());
    return sb.toString();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static WskStatus timeoutStatus(Throwable failure, WskStatus otherwise) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AskTimeoutException || t instanceof TimeoutException) {
        return WskStatus.STATUS_IO_TIMEOUT;
      }
      String msg = t.getMessage();
      if (msg != null) {
        String m = msg.toLowerCase(Locale.ROOT);
        if (m.contains("timeout") || m.contains("timed out")) return WskStatus.STATUS_IO_TIMEOUT;
      }
    }
    return otherwise;
  }

  /**
   * Whether a failed async-dns resolution gave up because its name servers did not answer: Pekko's
   * resolver reports "failed to resolve" without a cause, both when every name server timed out and
   * on other errors, but it can only have taken its {@code resolve-timeout} or longer if at least
   * one name server timed out.
   */
  private static boolean nameServersTimedOut(ActorContext<Object> ctx, long elapsedNanos) {
    try {
      Config c = ctx.getSystem().settings().config();
      if (!"async-dns".equals(c.getString("pekko.io.dns.resolver"))) return false;
      return elapsedNanos >= c.getDuration("pekko.io.dns.async-dns.resolve-timeout").toNanos();
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String stripDot(String name) {
    return name != null && name.length() > 1 && name.endsWith(".")
        ? name.substring(0, name.length() - 1)
        : name;
  }
}
