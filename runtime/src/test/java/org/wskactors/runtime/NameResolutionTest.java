package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.AddressInfo;
import org.wskactors.protocol.AddressInfoCompleted;
import org.wskactors.protocol.AddressInfoHints;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.protocol.NameInfoCompleted;
import org.wskactors.protocol.SocketType;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.NameResolution;

/**
 * GetAddressInfo and GetNameInfo: everything that needs no DNS server first (localhost, literals,
 * services, hints, numeric flags, reverse lookups through a stand-in), then resolution through a
 * real DNS server (dnsmasq on loopback) configured as the ActorSystem's async-dns name server.
 * Resolved addresses are data only: nothing connects or sends to them.
 */
@ExtendWith(LogCapturingExtension.class)
class NameResolutionTest {
  static final ActorTestKit testKit =
      ActorTestKit.create("NameResolutionTest", ConfigFactory.load("application-test"));
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "names");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static AddressInfoCompleted gai(
      ActorTestKit kit,
      org.apache.pekko.actor.typed.ActorRef<WskProvider.Command> provider,
      String node,
      String service,
      AddressInfoHints hints) {
    TestProbe<AddressInfoCompleted> p = kit.createTestProbe();
    provider.tell(new GetAddressInfo(node, service, hints, p.ref()));
    return p.receiveMessage(T);
  }

  static AddressInfoCompleted gai(String node, String service, AddressInfoHints hints) {
    return gai(testKit, f.provider, node, service, hints);
  }

  static NameInfoCompleted gni(InetSocketAddress address, int flags) {
    TestProbe<NameInfoCompleted> p = testKit.createTestProbe();
    f.provider.tell(new GetNameInfo(address, flags, p.ref()));
    return p.receiveMessage(T);
  }

  static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal); // literals only: no lookup
  }

  static Set<InetAddress> addresses(AddressInfoCompleted r) {
    return r.results().stream().map(a -> a.address().getAddress()).collect(Collectors.toSet());
  }

  // ---- without any DNS server ----------------------------------------------------------------

  @Test
  void nullNodeGivesTheLoopbackAddressesForEverySocketType() throws Exception {
    AddressInfoCompleted r = gai(null, "80", AddressInfoHints.ANY);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals(4, r.results().size(), r.results().toString());
    assertEquals(Set.of(ip("127.0.0.1"), ip("::1")), addresses(r));
    for (AddressInfo a : r.results()) {
      assertEquals(80, a.address().getPort());
      assertEquals(a.socketType() == SocketType.STREAM ? 6 : 17, a.protocol());
      assertEquals(AddressFamily.of(a.address()), a.family());
    }
    assertEquals(
        Set.of(SocketType.STREAM, SocketType.DGRAM),
        r.results().stream().map(AddressInfo::socketType).collect(Collectors.toSet()));
  }

  @Test
  void localhostResolvesWithoutAnyServerAndHintsFilterFamilyAndType() throws Exception {
    AddressInfoCompleted r =
        gai("localhost", "http", new AddressInfoHints(AddressFamily.INET, SocketType.STREAM));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals(
        List.of(
            new AddressInfo(
                AddressFamily.INET,
                SocketType.STREAM,
                6,
                new InetSocketAddress(ip("127.0.0.1"), 80),
                "localhost")),
        r.results());
    r = gai("LocalHost", null, new AddressInfoHints(AddressFamily.INET6, SocketType.DGRAM));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals(1, r.results().size());
    AddressInfo a = r.results().get(0);
    assertEquals(new InetSocketAddress(ip("::1"), 0), a.address());
    assertEquals(SocketType.DGRAM, a.socketType());
    assertEquals(17, a.protocol());
    // A null hints record means no restriction.
    assertEquals(4, gai("localhost", "7", null).results().size());
  }

  @Test
  void addressLiteralsComeBackAsTheyAreWithoutDns() throws Exception {
    AddressInfoCompleted r = gai("192.0.2.7", "443", AddressInfoHints.ANY);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals(Set.of(ip("192.0.2.7")), addresses(r));
    assertEquals(2, r.results().size());
    assertTrue(r.results().stream().allMatch(x -> x.address().getPort() == 443));
    assertTrue(r.results().stream().allMatch(x -> x.family() == AddressFamily.INET));

    for (String v6 : List.of("2001:db8::1", "[2001:db8::1]")) {
      r = gai(v6, "8080", new AddressInfoHints(null, SocketType.STREAM));
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), v6);
      assertEquals(1, r.results().size());
      assertEquals(new InetSocketAddress(ip("2001:db8::1"), 8080), r.results().get(0).address());
      assertEquals(AddressFamily.INET6, r.results().get(0).family());
    }
    // A literal of the other family than the hints allow has no result.
    assertEquals(
        WskStatus.STATUS_NOT_FOUND,
        gai("192.0.2.7", null, new AddressInfoHints(AddressFamily.INET6, null)).status());
    assertEquals(
        WskStatus.STATUS_NOT_FOUND,
        gai("2001:db8::1", null, new AddressInfoHints(AddressFamily.INET, null)).status());
    assertEquals(
        WskStatus.STATUS_NOT_FOUND, gai("2001:db8::zz", null, AddressInfoHints.ANY).status());
    // Not literals (they would go to DNS), as the parser sees them.
    assertNull(NameResolution.parseLiteral("256.1.1.1"));
    assertNull(NameResolution.parseLiteral("1.2.3"));
    assertNull(NameResolution.parseLiteral("host.test"));
  }

  @Test
  void serviceNamesAndNumbers() {
    AddressInfoHints tcp4 = new AddressInfoHints(AddressFamily.INET, SocketType.STREAM);
    for (Object[] c :
        new Object[][] {
          {"https", 443},
          {"IRC", 6667},
          {"domain", 53},
          {"echo", 7},
          {"syslog", 514},
          {"ntp", 123},
          {"smtp", 25},
          {"ssh", 22},
          {"0", 0},
          {"65535", 65535},
          {"00080", 80}
        }) {
      AddressInfoCompleted r = gai("127.0.0.1", (String) c[0], tcp4);
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), (String) c[0]);
      assertEquals(c[1], r.results().get(0).address().getPort(), (String) c[0]);
    }
    assertEquals(WskStatus.STATUS_NOT_FOUND, gai("127.0.0.1", "no-such-service", tcp4).status());
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, gai("127.0.0.1", "65536", tcp4).status());
    // A service alone is resolved for the loopback addresses.
    AddressInfoCompleted r = gai(null, "https", tcp4);
    assertEquals(new InetSocketAddress("127.0.0.1", 443), r.results().get(0).address());
  }

  @Test
  void bothNamesNullOrEmptyIsAnInvalidParameter() {
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER, gai(null, null, AddressInfoHints.ANY).status());
    AddressInfoCompleted r = gai("", "", AddressInfoHints.ANY);
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, r.status());
    assertTrue(r.results().isEmpty());
  }

  @Test
  void nameInfoWithNumericFlags() throws Exception {
    int numeric = GetNameInfo.NI_NUMERICHOST;
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "127.0.0.1", "http"),
        gni(new InetSocketAddress(ip("127.0.0.1"), 80), numeric));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "127.0.0.1", "80"),
        gni(new InetSocketAddress(ip("127.0.0.1"), 80), numeric | GetNameInfo.NI_NUMERICSERV));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "::1", "irc"),
        gni(new InetSocketAddress(ip("::1"), 6667), numeric | GetNameInfo.NI_DGRAM));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "2001:db8::1:0:0:1", "12345"),
        gni(new InetSocketAddress(ip("2001:db8:0:0:1:0:0:1"), 12345), numeric));
    assertEquals("fd00::5", NameResolution.numericHost(ip("fd00:0:0:0:0:0:0:5")));
    assertEquals("2001:db8:0:1:1:1:1:1", NameResolution.numericHost(ip("2001:db8:0:1:1:1:1:1")));
    assertEquals("::", NameResolution.numericHost(ip("::")));
  }

  @Test
  void nameInfoRefusesNullAndUnresolvedAddresses() {
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, gni(null, 0).status());
    NameInfoCompleted r = gni(InetSocketAddress.createUnresolved("host.test", 80), 0);
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, r.status());
    assertNull(r.hostName());
  }

  @Test
  void nameInfoOfLoopbackThroughTheSystemReverseLookupSucceeds() {
    // The hosts file names 127.0.0.1 on practically every system; either way a host comes back.
    NameInfoCompleted r = gni(new InetSocketAddress("127.0.0.1", 22), 0);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertNotNull(r.hostName());
    assertFalse(r.hostName().isEmpty());
    assertEquals("ssh", r.serviceName());
  }

  static NameInfoCompleted gniWith(
      WskSettings settings, InetSocketAddress a, int flags, NameResolution.ReverseLookup reverse) {
    TestProbe<NameInfoCompleted> p = testKit.createTestProbe();
    testKit.spawn(NameResolution.nameInfo(settings, new GetNameInfo(a, flags, p.ref()), reverse));
    return p.receiveMessage(T);
  }

  @Test
  void reverseLookupNameNumericFallbackNameRequiredAndTimeout() throws Exception {
    WskSettings s = WskSettings.create(testKit.system());
    InetSocketAddress a = new InetSocketAddress(ip("192.0.2.9"), 443);
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "named.test", "https"),
        gniWith(s, a, 0, x -> "named.test."));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "192.0.2.9", "https"),
        gniWith(s, a, 0, x -> null));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_NOT_FOUND, null, null),
        gniWith(s, a, GetNameInfo.NI_NAMEREQD, x -> null));
    assertEquals(
        new NameInfoCompleted(WskStatus.STATUS_SUCCESS, "192.0.2.9", "443"),
        gniWith(
            s,
            a,
            GetNameInfo.NI_NUMERICSERV,
            x -> {
              throw new IOException("lookup failed");
            }));
    // NI_NUMERICHOST never asks.
    assertEquals(
        "192.0.2.9",
        gniWith(
                s,
                a,
                GetNameInfo.NI_NUMERICHOST | GetNameInfo.NI_NAMEREQD,
                x -> {
                  throw new AssertionError("asked");
                })
            .hostName());

    WskSettings quick =
        WskSettings.create(
            ConfigFactory.parseString("wsk-actors.resolver.timeout = 200ms")
                .withFallback(testKit.system().settings().config()));
    CountDownLatch never = new CountDownLatch(1);
    try {
      assertEquals(
          new NameInfoCompleted(WskStatus.STATUS_IO_TIMEOUT, null, null),
          gniWith(
              quick,
              a,
              0,
              x -> {
                never.await(T.toMillis(), TimeUnit.MILLISECONDS);
                return "late.test";
              }));
    } finally {
      never.countDown();
    }
  }

  @Test
  void aSilentNameServerGivesIoTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      String server = "127.0.0.1:" + silent.getLocalPort();
      // Our own deadline passes first ...
      assertEquals(
          WskStatus.STATUS_IO_TIMEOUT, resolveWith(server, "wsk-actors.resolver.timeout = 500ms"));
      // ... or async-dns gives up first, after its name server did not answer in time.
      assertEquals(
          WskStatus.STATUS_IO_TIMEOUT,
          resolveWith(server, "pekko.io.dns.async-dns.resolve-timeout = 300ms"));
    }
  }

  private static WskStatus resolveWith(String nameserver, String overrides) {
    ActorTestKit kit =
        ActorTestKit.create(
            "NameResolutionSilentDns",
            ConfigFactory.parseString(overrides).withFallback(asyncDns(nameserver)));
    try {
      WskFixture g = new WskFixture(kit, "silent");
      AddressInfoCompleted r = gai(kit, g.provider, "slow.test", null, AddressInfoHints.ANY);
      assertTrue(r.results().isEmpty());
      return r.status();
    } finally {
      kit.shutdownTestKit();
    }
  }

  /** The config of an ActorSystem whose DNS is async-dns asking only {@code nameserver}. */
  static Config asyncDns(String nameserver) {
    return ConfigFactory.parseString(
            "pekko.io.dns.resolver = async-dns\n"
                + "pekko.io.dns.async-dns.nameservers = [\""
                + nameserver
                + "\"]\n"
                + "pekko.io.dns.async-dns.search-domains = []\n"
                + "pekko.io.dns.async-dns.ndots = 1\n")
        .withFallback(ConfigFactory.load("application-test"));
  }

  // ---- through a real DNS server -------------------------------------------------------------

  /**
   * Resolution through dnsmasq on a free loopback port, serving a hosts file of test names, as the
   * only name server of a separate ActorSystem. Skipped when dnsmasq is not installed.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithDnsServer {
    Path dir;
    Process dnsmasq;
    final List<String> log = new ArrayList<>();
    ActorTestKit kit;
    WskFixture dns;

    @BeforeAll
    void start() throws Exception {
      String exe =
          Stream.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq")
              .filter(p -> new File(p).canExecute())
              .findFirst()
              .orElse(null);
      Assumptions.assumeTrue(exe != null, "dnsmasq not installed: apt-get install dnsmasq");
      dir = Files.createTempDirectory("wsk-dns");
      Path hosts = dir.resolve("hosts");
      Files.writeString(
          hosts,
          "10.0.0.5 svc.test\n"
              + "fd00::5 svc.test\n"
              + "10.0.0.7 only4.test\n"
              + "fd00::8 only6.test\n",
          StandardCharsets.UTF_8);
      int port = -1;
      for (int attempt = 0; attempt < 3 && dnsmasq == null; attempt++) {
        port = freePort();
        List<String> cmd =
            new ArrayList<>(
                List.of(
                    exe,
                    "--no-daemon",
                    "--keep-in-foreground",
                    "--conf-file=/dev/null",
                    "--port=" + port,
                    "--listen-address=127.0.0.1",
                    "--bind-interfaces",
                    "--no-resolv",
                    "--no-hosts",
                    "--addn-hosts=" + hosts,
                    "--local=/test/",
                    "--pid-file=" + dir.resolve("pid"),
                    "--log-queries",
                    "--log-facility=-"));
        if ("root".equals(System.getProperty("user.name"))) cmd.add("--user=root");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> pump(p), "dnsmasq-log");
        reader.setDaemon(true);
        reader.start();
        if (awaitLog("read " + hosts, Duration.ofSeconds(10))) {
          dnsmasq = p;
        } else {
          p.destroy();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      }
      if (dnsmasq == null) fail("dnsmasq did not start: " + logText());
      kit = ActorTestKit.create("NameResolutionDnsTest", asyncDns("127.0.0.1:" + port));
      dns = new WskFixture(kit, "dns");
    }

    @AfterAll
    void stop() throws Exception {
      if (kit != null) kit.shutdownTestKit();
      if (dnsmasq != null) {
        dnsmasq.destroy();
        if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
          dnsmasq.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
    }

    private int freePort() throws IOException {
      // A port free for both UDP and TCP (dnsmasq binds both).
      for (int i = 0; i < 20; i++) {
        try (DatagramSocket u = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
          int port = u.getLocalPort();
          try (ServerSocket t = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return t.getLocalPort();
          } catch (IOException inUse) {
            // try another
          }
        }
      }
      throw new IOException("no free port");
    }

    private void pump(Process p) {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (log) {
            log.add(line);
            log.notifyAll();
          }
        }
      } catch (IOException closed) {
        // the process ended
      }
    }

    private boolean awaitLog(String fragment, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      synchronized (log) {
        while (log.stream().noneMatch(l -> l.contains(fragment))) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) return false;
          log.wait(left);
        }
        return true;
      }
    }

    private String logText() {
      synchronized (log) {
        return String.join("\n", log);
      }
    }

    private AddressInfoCompleted resolve(String node, String service, AddressInfoHints hints) {
      return gai(kit, dns.provider, node, service, hints);
    }

    @Test
    void aNameWithBothRecordsResolvesToBothFamiliesThroughTheConfiguredServer() throws Exception {
      AddressInfoCompleted r = resolve("svc.test", "80", AddressInfoHints.ANY);
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), logText());
      assertEquals(Set.of(ip("10.0.0.5"), ip("fd00::5")), addresses(r));
      assertEquals(4, r.results().size());
      for (AddressInfo a : r.results()) {
        assertEquals("svc.test", a.canonicalName());
        assertEquals(80, a.address().getPort());
        assertEquals(AddressFamily.of(a.address()), a.family());
      }
      assertTrue(awaitLog("query[A] svc.test", T), logText());
      assertTrue(awaitLog("query[AAAA] svc.test", T), logText());
    }

    @Test
    void hintsChooseTheRecordTypeAndTheSocketType() throws Exception {
      AddressInfoCompleted r =
          resolve("svc.test", "https", new AddressInfoHints(AddressFamily.INET, SocketType.STREAM));
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), logText());
      assertEquals(
          List.of(
              new AddressInfo(
                  AddressFamily.INET,
                  SocketType.STREAM,
                  6,
                  new InetSocketAddress(ip("10.0.0.5"), 443),
                  "svc.test")),
          r.results());
      r =
          resolve(
              "svc.test", "domain", new AddressInfoHints(AddressFamily.INET6, SocketType.DGRAM));
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), logText());
      assertEquals(1, r.results().size());
      assertEquals(new InetSocketAddress(ip("fd00::5"), 53), r.results().get(0).address());
      assertEquals(17, r.results().get(0).protocol());

      r = resolve("only4.test", null, new AddressInfoHints(AddressFamily.INET, null));
      assertEquals(Set.of(ip("10.0.0.7")), addresses(r));
      assertTrue(awaitLog("query[A] only4.test", T), logText());
      // A name without a record of the asked family has no result.
      assertEquals(
          WskStatus.STATUS_NOT_FOUND,
          resolve("only4.test", "80", new AddressInfoHints(AddressFamily.INET6, null)).status());
      r = resolve("only6.test", "80", AddressInfoHints.ANY);
      assertEquals(WskStatus.STATUS_SUCCESS, r.status(), logText());
      assertEquals(Set.of(ip("fd00::8")), addresses(r));
    }

    @Test
    void unknownNamesAreNotFound() {
      AddressInfoCompleted r = resolve("nope.test", "80", AddressInfoHints.ANY); // NXDOMAIN
      assertEquals(WskStatus.STATUS_NOT_FOUND, r.status(), logText());
      assertTrue(r.results().isEmpty());
      // Outside the served domain dnsmasq refuses (it has no upstream): a resolver failure.
      assertEquals(
          WskStatus.STATUS_NOT_FOUND,
          resolve("unknown.invalid", null, AddressInfoHints.ANY).status(),
          logText());
    }

    @Test
    void localhostAndLiteralsNeverReachTheServer() throws Exception {
      assertEquals(
          Set.of(ip("127.0.0.1"), ip("::1")),
          addresses(resolve("localhost", null, AddressInfoHints.ANY)));
      assertEquals(
          Set.of(ip("10.0.0.9")), addresses(resolve("10.0.0.9", "1", AddressInfoHints.ANY)));
      // The server saw neither: each name is asked for as a query line.
      assertFalse(logText().contains("localhost"), logText());
      assertFalse(logText().contains("10.0.0.9"), logText());
    }
  }
}
