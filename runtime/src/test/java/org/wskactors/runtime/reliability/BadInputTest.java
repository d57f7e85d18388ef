package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.AddressInfoHints;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.Connect;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.ControlClient;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetNameInfo;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.GetRemoteAddress;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectComplete;
import org.wskactors.protocol.InspectId;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.MulticastGroup;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SendMessages;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * Every public request of every socket category with every bad argument and in every state that
 * does not allow it: each completes with its status, never with an exception, and the socket (or
 * provider) is still usable afterwards. One row per case; the table is the documentation.
 */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
  static final ActorTestKit testKit = ActorTestKit.create("BadInputTest");
  static final Duration T = RelFixture.T;
  static final RelFixture f = new RelFixture(testKit, "bad-input");

  static final InetSocketAddress LOOP = RelFixture.LOOPBACK_ANY_PORT;
  static final InetSocketAddress ANY4 = RelFixture.ANY4;
  static final InetSocketAddress UNRESOLVED =
      InetSocketAddress.createUnresolved("nowhere.invalid", 80);
  static final InetSocketAddress WILDCARD_REMOTE = new InetSocketAddress("0.0.0.0", 80);
  static final InetSocketAddress PORT0_REMOTE = new InetSocketAddress("127.0.0.1", 0);
  static final InetSocketAddress V6_REMOTE = new InetSocketAddress("::1", 80);
  static final InetSocketAddress V6_LOCAL = new InetSocketAddress("::1", 0);

  /** TEST-NET-1 (RFC 5737): never a local address; nothing is sent there. */
  static final InetSocketAddress NON_LOCAL = new InetSocketAddress("192.0.2.1", 0);

  static final InetSocketAddress CLOSED_V4 = new InetSocketAddress("127.0.0.1", 9);
  static final Duration ZERO = Duration.ZERO;
  static final Duration NEGATIVE = Duration.ofMillis(-1);
  static final ByteString X = ByteString.fromString("x");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** The socket category and state a row's request is sent to. */
  enum Target {
    PROVIDER,
    LISTEN_UNBOUND,
    LISTEN_BOUND,
    CONN_OPEN,
    CONN_BOUND,
    CONN_CONNECTED,
    /** Connected, then shut down for sending by our graceful Disconnect. */
    CONN_SEND_SHUT,
    DGRAM_OPEN,
    DGRAM_BOUND,
    STREAM_UNDECIDED,
    STREAM_BOUND,
    STREAM_LISTENING,
    STREAM_CONNECTED,
    BASIC
  }

  /**
   * One case: the request built around the reply probe's ref, and the status it must complete with;
   * {@code expected} null means the request has no reply to send (a null {@code replyTo}).
   */
  record Row(
      String name, Target target, Function<ActorRef<Object>, Object> request, WskStatus expected) {
    @Override
    public String toString() {
      return target + ": " + name;
    }
  }

  static Row row(String name, Target t, Function<ActorRef<Object>, Object> req, WskStatus st) {
    return new Row(name, t, req, st);
  }

  static final WskStatus PARAM = WskStatus.STATUS_INVALID_PARAMETER;
  static final WskStatus STATE = WskStatus.STATUS_INVALID_DEVICE_STATE;
  static final WskStatus NOT_SUPPORTED = WskStatus.STATUS_NOT_SUPPORTED;
  static final WskStatus BAD_REQUEST = WskStatus.STATUS_INVALID_DEVICE_REQUEST;
  static final WskStatus BAD_ADDRESS = WskStatus.STATUS_INVALID_ADDRESS;

  static <T> ActorRef<T> ignoreHandler() {
    return testKit.system().ignoreRef();
  }

  static SetOption<EventCallbackControl> events(EventCallbackControl c, ActorRef<Object> r) {
    return new SetOption<>(SocketOption.SO_WSK_EVENT_CALLBACK, c, r.narrow());
  }

  static EventCallbackControl on(WskEvent first, WskEvent... more) {
    return EventCallbackControl.enable(first, more);
  }

  static final EventCallbackControl NO_EVENTS = new EventCallbackControl(Set.of(), false);
  static final EventCallbackControl DISABLE_TWO =
      new EventCallbackControl(Set.of(WskEvent.RECEIVE, WskEvent.DISCONNECT), true);

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object rawSetOption(SocketOption opt, Object value, ActorRef<Object> r) {
    return new SetOption(opt, value, r.narrow());
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // ---- provider: creation, SocketConnect, client control, name resolution ----
    Target p = Target.PROVIDER;
    rows.add(
        row(
            "CreateListenSocket null family",
            p,
            r -> new CreateListenSocket(null, ignoreHandler(), r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateListenSocket null handler",
            p,
            r -> new CreateListenSocket(AddressFamily.INET, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateConnectionSocket null family",
            p,
            r -> new CreateConnectionSocket(null, ignoreHandler(), r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateConnectionSocket null handler",
            p,
            r -> new CreateConnectionSocket(AddressFamily.INET, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateDatagramSocket null family",
            p,
            r -> new CreateDatagramSocket(null, ignoreHandler(), r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateDatagramSocket null handler",
            p,
            r -> new CreateDatagramSocket(AddressFamily.INET, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateStreamSocket null family",
            p,
            r -> new CreateStreamSocket(null, ignoreHandler(), r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateStreamSocket null handler",
            p,
            r -> new CreateStreamSocket(AddressFamily.INET, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateBasicSocket null family",
            p,
            r -> new CreateBasicSocket(null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect null local",
            p,
            r -> new SocketConnect(null, CLOSED_V4, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect unresolved local",
            p,
            r ->
                new SocketConnect(
                    InetSocketAddress.createUnresolved("x.invalid", 0),
                    CLOSED_V4,
                    ignoreHandler(),
                    null,
                    r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect non-local local",
            p,
            r -> new SocketConnect(NON_LOCAL, CLOSED_V4, ignoreHandler(), null, r.narrow()),
            BAD_ADDRESS));
    rows.add(
        row(
            "SocketConnect null remote",
            p,
            r -> new SocketConnect(ANY4, null, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect unresolved remote",
            p,
            r -> new SocketConnect(ANY4, UNRESOLVED, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect wildcard remote",
            p,
            r -> new SocketConnect(ANY4, WILDCARD_REMOTE, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect remote port 0",
            p,
            r -> new SocketConnect(ANY4, PORT0_REMOTE, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect wrong family remote",
            p,
            r -> new SocketConnect(ANY4, V6_REMOTE, ignoreHandler(), null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect zero timeout",
            p,
            r -> new SocketConnect(ANY4, CLOSED_V4, ignoreHandler(), ZERO, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect negative timeout",
            p,
            r -> new SocketConnect(ANY4, CLOSED_V4, ignoreHandler(), NEGATIVE, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SocketConnect null handler",
            p,
            r -> new SocketConnect(ANY4, CLOSED_V4, null, null, r.narrow()),
            PARAM));
    rows.add(
        row("ControlClient null code", p, r -> new ControlClient<>(null, null, r.narrow()), PARAM));
    rows.add(
        row(
            "static event callbacks null set",
            p,
            r ->
                new ControlClient<>(
                    ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "static event callbacks empty set",
            p,
            r ->
                new ControlClient<>(
                    ClientControlCode.WSK_SET_STATIC_EVENT_CALLBACKS, Set.of(), r.narrow()),
            PARAM));
    rows.add(
        row(
            "GetAddressInfo both names null",
            p,
            r -> new GetAddressInfo(null, null, AddressInfoHints.ANY, r.narrow()),
            PARAM));
    rows.add(
        row(
            "GetAddressInfo both names empty",
            p,
            r -> new GetAddressInfo("", "", null, r.narrow()),
            PARAM));
    rows.add(row("GetNameInfo null address", p, r -> new GetNameInfo(null, 0, r.narrow()), PARAM));
    rows.add(
        row(
            "GetNameInfo unresolved address",
            p,
            r -> new GetNameInfo(UNRESOLVED, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "CreateListenSocket null replyTo",
            p,
            r -> new CreateListenSocket(AddressFamily.INET, ignoreHandler(), null),
            null));
    rows.add(
        row(
            "SocketConnect null replyTo",
            p,
            r -> new SocketConnect(ANY4, CLOSED_V4, ignoreHandler(), null, null),
            null));
    rows.add(
        row(
            "ControlClient null replyTo",
            p,
            r -> new ControlClient<>(ClientControlCode.WSK_TRANSPORT_LIST_QUERY, null, null),
            null));

    // ---- listening socket ----
    Target lu = Target.LISTEN_UNBOUND;
    rows.add(row("Bind null address", lu, r -> new Bind(null, r.narrow()), PARAM));
    rows.add(row("Bind unresolved", lu, r -> new Bind(UNRESOLVED, r.narrow()), PARAM));
    rows.add(row("Bind wrong family", lu, r -> new Bind(V6_LOCAL, r.narrow()), PARAM));
    rows.add(row("Bind non-local address", lu, r -> new Bind(NON_LOCAL, r.narrow()), BAD_ADDRESS));
    rows.add(row("Accept before bind", lu, r -> new Accept(ignoreHandler(), r.narrow()), STATE));
    rows.add(row("GetLocalAddress before bind", lu, r -> new GetLocalAddress(r.narrow()), STATE));
    rows.add(
        row(
            "InspectComplete before bind",
            lu,
            r -> new InspectComplete(new InspectId(1, 1), InspectAction.ACCEPT, r.narrow()),
            STATE));
    rows.add(row("event callbacks before bind", lu, r -> events(on(WskEvent.ACCEPT), r), STATE));
    rows.add(row("SetOption null option", lu, r -> rawSetOption(null, true, r), PARAM));
    rows.add(
        row(
            "SetOption null value",
            lu,
            r -> new SetOption<>(SocketOption.SO_KEEPALIVE, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SetOption value of the wrong type",
            lu,
            r -> rawSetOption(SocketOption.SO_RCVBUF, "big", r),
            PARAM));
    rows.add(
        row(
            "SetOption SO_RCVBUF 0",
            lu,
            r -> new SetOption<>(SocketOption.SO_RCVBUF, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SetOption SO_SNDBUF -1",
            lu,
            r -> new SetOption<>(SocketOption.SO_SNDBUF, -1, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SetOption datagram option",
            lu,
            r -> new SetOption<>(SocketOption.SO_BROADCAST, true, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "TCP_KEEPIDLE 0",
            lu,
            r -> new SetOption<>(SocketOption.TCP_KEEPIDLE, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "TCP_KEEPINTVL 32768",
            lu,
            r -> new SetOption<>(SocketOption.TCP_KEEPINTVL, 32_768, r.narrow()),
            PARAM));
    rows.add(
        row(
            "TCP_KEEPCNT 128",
            lu,
            r -> new SetOption<>(SocketOption.TCP_KEEPCNT, 128, r.narrow()),
            PARAM));
    rows.add(
        row("GetOption null option", lu, r -> new GetOption<>(null, r.narrow()), NOT_SUPPORTED));
    rows.add(
        row(
            "GetOption event callbacks",
            lu,
            r -> new GetOption<>(SocketOption.SO_WSK_EVENT_CALLBACK, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "Ioctl connection query",
            lu,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, r.narrow()),
            BAD_REQUEST));
    rows.add(
        row(
            "Ioctl null code",
            lu,
            r -> new Ioctl<Void, Object>(null, null, r.narrow()),
            BAD_REQUEST));
    rows.add(row("Bind null replyTo", lu, r -> new Bind(LOOP, null), null));
    rows.add(
        row(
            "SetOption null replyTo",
            lu,
            r -> new SetOption<>(SocketOption.SO_KEEPALIVE, true, null),
            null));
    Target lb = Target.LISTEN_BOUND;
    rows.add(row("Bind twice", lb, r -> new Bind(LOOP, r.narrow()), STATE));
    rows.add(row("Accept null handler", lb, r -> new Accept(null, r.narrow()), PARAM));
    rows.add(
        row("Accept zero timeout", lb, r -> new Accept(ignoreHandler(), ZERO, r.narrow()), PARAM));
    rows.add(
        row(
            "Accept negative timeout",
            lb,
            r -> new Accept(ignoreHandler(), NEGATIVE, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SO_REUSEADDR after bind",
            lb,
            r -> new SetOption<>(SocketOption.SO_REUSEADDR, true, r.narrow()),
            STATE));
    rows.add(
        row(
            "SO_KEEPALIVE after bind",
            lb,
            r -> new SetOption<>(SocketOption.SO_KEEPALIVE, true, r.narrow()),
            STATE));
    rows.add(
        row(
            "InspectComplete null id",
            lb,
            r -> new InspectComplete(null, InspectAction.ACCEPT, r.narrow()),
            PARAM));
    rows.add(
        row(
            "InspectComplete unknown id",
            lb,
            r -> new InspectComplete(new InspectId(1, 1), InspectAction.ACCEPT, r.narrow()),
            PARAM));
    rows.add(
        row(
            "InspectComplete PEND",
            lb,
            r -> new InspectComplete(new InspectId(1, 1), InspectAction.PEND, r.narrow()),
            PARAM));
    rows.add(
        row(
            "InspectComplete null action",
            lb,
            r -> new InspectComplete(new InspectId(1, 1), null, r.narrow()),
            PARAM));
    rows.add(row("event callbacks: none", lb, r -> events(NO_EVENTS, r), PARAM));
    rows.add(
        row(
            "event callbacks: datagram event",
            lb,
            r -> events(on(WskEvent.RECEIVE_FROM), r),
            PARAM));
    rows.add(row("event callbacks: disable two", lb, r -> events(DISABLE_TWO, r), PARAM));
    rows.add(
        row(
            "event callbacks: disable a connection event",
            lb,
            r -> events(EventCallbackControl.disable(WskEvent.RECEIVE), r),
            PARAM));
    rows.add(row("Accept null replyTo", lb, r -> new Accept(ignoreHandler(), null), null));

    // ---- connection socket ----
    Target co = Target.CONN_OPEN;
    rows.add(row("Bind null address", co, r -> new Bind(null, r.narrow()), PARAM));
    rows.add(row("Bind unresolved", co, r -> new Bind(UNRESOLVED, r.narrow()), PARAM));
    rows.add(row("Bind wrong family", co, r -> new Bind(V6_LOCAL, r.narrow()), PARAM));
    rows.add(row("Bind non-local address", co, r -> new Bind(NON_LOCAL, r.narrow()), BAD_ADDRESS));
    rows.add(row("Connect before bind", co, r -> new Connect(CLOSED_V4, r.narrow()), STATE));
    rows.add(
        row(
            "ConnectEx before bind",
            co,
            r -> new ConnectEx(CLOSED_V4, X, 0, null, r.narrow()),
            STATE));
    rows.add(row("Send before connect", co, r -> new Send(X, r.narrow()), STATE));
    rows.add(row("Receive before connect", co, r -> new Receive(1, r.narrow()), STATE));
    rows.add(row("Disconnect before connect", co, r -> new Disconnect(null, 0, r.narrow()), STATE));
    rows.add(
        row("GetRemoteAddress before connect", co, r -> new GetRemoteAddress(r.narrow()), STATE));
    rows.add(row("GetLocalAddress before bind", co, r -> new GetLocalAddress(r.narrow()), STATE));
    rows.add(
        row("event callbacks before connect", co, r -> events(on(WskEvent.RECEIVE), r), STATE));
    rows.add(
        row(
            "Ioctl send backlog before connect",
            co,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_IDEAL_SEND_BACKLOG, r.narrow()),
            STATE));
    rows.add(row("Release unknown id", co, r -> new Release(42, r.narrow()), PARAM));
    rows.add(
        row(
            "SetOption SO_RCVBUF -5",
            co,
            r -> new SetOption<>(SocketOption.SO_RCVBUF, -5, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SetOption conditional accept",
            co,
            r -> new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, true, r.narrow()),
            NOT_SUPPORTED));
    Target cb = Target.CONN_BOUND;
    rows.add(row("Bind twice", cb, r -> new Bind(ANY4, r.narrow()), STATE));
    rows.add(row("Connect null remote", cb, r -> new Connect(null, r.narrow()), PARAM));
    rows.add(row("Connect unresolved", cb, r -> new Connect(UNRESOLVED, r.narrow()), PARAM));
    rows.add(
        row("Connect wildcard remote", cb, r -> new Connect(WILDCARD_REMOTE, r.narrow()), PARAM));
    rows.add(row("Connect remote port 0", cb, r -> new Connect(PORT0_REMOTE, r.narrow()), PARAM));
    rows.add(row("Connect wrong family", cb, r -> new Connect(V6_REMOTE, r.narrow()), PARAM));
    rows.add(row("Connect zero timeout", cb, r -> new Connect(CLOSED_V4, ZERO, r.narrow()), PARAM));
    rows.add(
        row(
            "Connect negative timeout",
            cb,
            r -> new Connect(CLOSED_V4, NEGATIVE, r.narrow()),
            PARAM));
    rows.add(
        row("ConnectEx flags", cb, r -> new ConnectEx(CLOSED_V4, X, 1, null, r.narrow()), PARAM));
    rows.add(
        row(
            "ConnectEx 65,536 bytes",
            cb,
            r ->
                new ConnectEx(
                    CLOSED_V4, ByteString.fromArray(new byte[65_536]), 0, null, r.narrow()),
            WskStatus.STATUS_BUFFER_OVERFLOW));
    rows.add(
        row(
            "ConnectEx unresolved",
            cb,
            r -> new ConnectEx(UNRESOLVED, null, 0, null, r.narrow()),
            PARAM));
    rows.add(row("Connect null replyTo", cb, r -> new Connect(UNRESOLVED, null), null));
    Target cc = Target.CONN_CONNECTED;
    rows.add(row("Send null data", cc, r -> new Send(null, r.narrow()), PARAM));
    rows.add(row("Send unknown flag", cc, r -> new Send(X, 0x100, r.narrow()), NOT_SUPPORTED));
    rows.add(row("Receive negative size", cc, r -> new Receive(-1, r.narrow()), PARAM));
    rows.add(
        row(
            "Receive WAITALL and DRAIN",
            cc,
            r ->
                new Receive(
                    0, WskFlags.WSK_FLAG_WAITALL | WskFlags.WSK_FLAG_DRAIN, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "Receive DRAIN with a size",
            cc,
            r -> new Receive(10, WskFlags.WSK_FLAG_DRAIN, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "Receive unknown flag",
            cc,
            r -> new Receive(1, 0x8000, null, r.narrow()),
            NOT_SUPPORTED));
    rows.add(row("Receive zero timeout", cc, r -> new Receive(1, 0, ZERO, r.narrow()), PARAM));
    rows.add(
        row("Receive negative timeout", cc, r -> new Receive(1, 0, NEGATIVE, r.narrow()), PARAM));
    rows.add(
        row(
            "Disconnect unknown flag",
            cc,
            r -> new Disconnect(null, 0x4, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "abortive Disconnect with data",
            cc,
            r -> new Disconnect(X, WskFlags.WSK_FLAG_ABORTIVE, r.narrow()),
            PARAM));
    rows.add(row("Connect when connected", cc, r -> new Connect(CLOSED_V4, r.narrow()), STATE));
    rows.add(row("Bind when connected", cc, r -> new Bind(ANY4, r.narrow()), STATE));
    rows.add(
        row(
            "SO_REUSEADDR when connected",
            cc,
            r -> new SetOption<>(SocketOption.SO_REUSEADDR, true, r.narrow()),
            STATE));
    rows.add(
        row(
            "IPV6_V6ONLY when connected",
            cc,
            r -> new SetOption<>(SocketOption.IPV6_V6ONLY, true, r.narrow()),
            STATE));
    rows.add(
        row("SO_SNDBUF 0", cc, r -> new SetOption<>(SocketOption.SO_SNDBUF, 0, r.narrow()), PARAM));
    rows.add(
        row(
            "TCP_KEEPIDLE -1",
            cc,
            r -> new SetOption<>(SocketOption.TCP_KEEPIDLE, -1, r.narrow()),
            PARAM));
    rows.add(
        row(
            "TCP_KEEPCNT 0",
            cc,
            r -> new SetOption<>(SocketOption.TCP_KEEPCNT, 0, r.narrow()),
            PARAM));
    rows.add(row("event callbacks: none", cc, r -> events(NO_EVENTS, r), PARAM));
    rows.add(
        row("event callbacks: listener event", cc, r -> events(on(WskEvent.ACCEPT), r), PARAM));
    rows.add(row("event callbacks: disable two", cc, r -> events(DISABLE_TWO, r), PARAM));
    rows.add(row("Release unknown id", cc, r -> new Release(42, r.narrow()), PARAM));
    rows.add(
        row(
            "Ioctl datagram code",
            cc,
            r -> new Ioctl<>(IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, LOOP, r.narrow()),
            BAD_REQUEST));
    rows.add(
        row(
            "Ioctl inspect id of a socket never inspected",
            cc,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_INSPECT_ID, r.narrow()),
            BAD_REQUEST));
    rows.add(row("Send null replyTo", cc, r -> new Send(X, null), null));
    rows.add(row("Receive null replyTo", cc, r -> new Receive(-1, null), null));
    rows.add(row("Disconnect null replyTo", cc, r -> new Disconnect(null, 0x4, null), null));
    rows.add(row("GetRemoteAddress null replyTo", cc, r -> new GetRemoteAddress(null), null));
    Target cs = Target.CONN_SEND_SHUT;
    rows.add(row("Send after Disconnect", cs, r -> new Send(X, r.narrow()), STATE));
    rows.add(row("graceful Disconnect twice", cs, r -> new Disconnect(null, 0, r.narrow()), STATE));

    // ---- datagram socket ----
    Target dop = Target.DGRAM_OPEN;
    rows.add(row("Bind null address", dop, r -> new Bind(null, r.narrow()), PARAM));
    rows.add(row("Bind unresolved", dop, r -> new Bind(UNRESOLVED, r.narrow()), PARAM));
    rows.add(row("Bind wrong family", dop, r -> new Bind(V6_LOCAL, r.narrow()), PARAM));
    rows.add(row("Bind non-local address", dop, r -> new Bind(NON_LOCAL, r.narrow()), BAD_ADDRESS));
    rows.add(row("SendTo before bind", dop, r -> new SendTo(X, CLOSED_V4, 0, r.narrow()), STATE));
    rows.add(
        row(
            "SendMessages before bind",
            dop,
            r -> new SendMessages(List.of(X), CLOSED_V4, 0, r.narrow()),
            STATE));
    rows.add(
        row("ReceiveFrom before bind", dop, r -> new ReceiveFrom(10, 0, null, r.narrow()), STATE));
    rows.add(row("GetLocalAddress before bind", dop, r -> new GetLocalAddress(r.narrow()), STATE));
    rows.add(
        row(
            "SIO_WSK_SET_REMOTE_ADDRESS before bind",
            dop,
            r -> new Ioctl<>(IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, CLOSED_V4, r.narrow()),
            STATE));
    rows.add(
        row("event callbacks before bind", dop, r -> events(on(WskEvent.RECEIVE_FROM), r), STATE));
    rows.add(
        row(
            "IPV6_V6ONLY on an IPv4 socket",
            dop,
            r -> new SetOption<>(SocketOption.IPV6_V6ONLY, false, r.narrow()),
            PARAM));
    rows.add(
        row(
            "IP_MULTICAST_TTL 256",
            dop,
            r -> new SetOption<>(SocketOption.IP_MULTICAST_TTL, 256, r.narrow()),
            PARAM));
    rows.add(
        row(
            "IP_MULTICAST_TTL -1",
            dop,
            r -> new SetOption<>(SocketOption.IP_MULTICAST_TTL, -1, r.narrow()),
            PARAM));
    rows.add(
        row(
            "MCAST_JOIN_GROUP before bind",
            dop,
            r ->
                new SetOption<>(
                    SocketOption.MCAST_JOIN_GROUP, new MulticastGroup(mcast(), null), r.narrow()),
            STATE));
    rows.add(
        row(
            "SetOption keep-alive timing",
            dop,
            r -> new SetOption<>(SocketOption.TCP_KEEPIDLE, 10, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "SetOption TCP option",
            dop,
            r -> new SetOption<>(SocketOption.TCP_NODELAY, true, r.narrow()),
            NOT_SUPPORTED));
    Target db = Target.DGRAM_BOUND;
    rows.add(row("Bind twice", db, r -> new Bind(LOOP, r.narrow()), STATE));
    rows.add(row("SendTo null data", db, r -> new SendTo(null, CLOSED_V4, 0, r.narrow()), PARAM));
    rows.add(
        row(
            "SendTo 65,508 bytes over IPv4",
            db,
            r -> new SendTo(ByteString.fromArray(new byte[65_508]), CLOSED_V4, 0, r.narrow()),
            PARAM));
    rows.add(row("SendTo unresolved", db, r -> new SendTo(X, UNRESOLVED, 0, r.narrow()), PARAM));
    rows.add(
        row(
            "SendTo wildcard remote",
            db,
            r -> new SendTo(X, WILDCARD_REMOTE, 0, r.narrow()),
            PARAM));
    rows.add(row("SendTo port 0", db, r -> new SendTo(X, PORT0_REMOTE, 0, r.narrow()), PARAM));
    rows.add(row("SendTo wrong family", db, r -> new SendTo(X, V6_REMOTE, 0, r.narrow()), PARAM));
    rows.add(row("SendTo no destination", db, r -> new SendTo(X, null, 0, r.narrow()), STATE));
    rows.add(row("SendTo flags", db, r -> new SendTo(X, CLOSED_V4, 1, r.narrow()), NOT_SUPPORTED));
    rows.add(
        row(
            "SendMessages null list",
            db,
            r -> new SendMessages(null, CLOSED_V4, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SendMessages empty list",
            db,
            r -> new SendMessages(List.of(), CLOSED_V4, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SendMessages one too large",
            db,
            r ->
                new SendMessages(
                    List.of(X, ByteString.fromArray(new byte[65_508])), CLOSED_V4, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SendMessages a null datagram",
            db,
            r -> new SendMessages(Arrays.asList(X, null), CLOSED_V4, 0, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SendMessages unresolved",
            db,
            r -> new SendMessages(List.of(X), UNRESOLVED, 0, r.narrow()),
            PARAM));
    rows.add(
        row("ReceiveFrom negative size", db, r -> new ReceiveFrom(-1, 0, null, r.narrow()), PARAM));
    rows.add(
        row("ReceiveFrom flags", db, r -> new ReceiveFrom(10, 1, null, r.narrow()), NOT_SUPPORTED));
    rows.add(
        row("ReceiveFrom zero timeout", db, r -> new ReceiveFrom(10, 0, ZERO, r.narrow()), PARAM));
    rows.add(
        row(
            "SIO_WSK_SET_REMOTE_ADDRESS unresolved",
            db,
            r -> new Ioctl<>(IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, UNRESOLVED, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SIO_WSK_SET_SENDTO_ADDRESS wildcard",
            db,
            r -> new Ioctl<>(IoctlCode.SIO_WSK_SET_SENDTO_ADDRESS, WILDCARD_REMOTE, r.narrow()),
            PARAM));
    rows.add(
        row(
            "SIO_WSK_SET_REMOTE_ADDRESS wrong family",
            db,
            r -> new Ioctl<>(IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, V6_REMOTE, r.narrow()),
            PARAM));
    rows.add(
        row(
            "Ioctl connection query",
            db,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, r.narrow()),
            BAD_REQUEST));
    rows.add(row("Release unknown id", db, r -> new Release(42, r.narrow()), PARAM));
    rows.add(
        row(
            "MCAST_JOIN_GROUP unicast group",
            db,
            r ->
                new SetOption<>(
                    SocketOption.MCAST_JOIN_GROUP,
                    new MulticastGroup(InetAddress.getLoopbackAddress(), null),
                    r.narrow()),
            PARAM));
    rows.add(
        row(
            "MCAST_JOIN_GROUP null group",
            db,
            r ->
                new SetOption<>(
                    SocketOption.MCAST_JOIN_GROUP, new MulticastGroup(null, null), r.narrow()),
            PARAM));
    rows.add(
        row(
            "MCAST_LEAVE_GROUP never joined",
            db,
            r ->
                new SetOption<>(
                    SocketOption.MCAST_LEAVE_GROUP, new MulticastGroup(mcast(), null), r.narrow()),
            PARAM));
    rows.add(
        row(
            "SO_BROADCAST after bind",
            db,
            r -> new SetOption<>(SocketOption.SO_BROADCAST, true, r.narrow()),
            STATE));
    rows.add(
        row("event callbacks: connection event", db, r -> events(on(WskEvent.RECEIVE), r), PARAM));
    rows.add(row("event callbacks: none", db, r -> events(NO_EVENTS, r), PARAM));
    rows.add(row("SendTo null replyTo", db, r -> new SendTo(X, null, 0, null), null));
    rows.add(row("ReceiveFrom null replyTo", db, r -> new ReceiveFrom(-1, 0, null, null), null));

    // ---- stream socket ----
    Target su = Target.STREAM_UNDECIDED;
    rows.add(row("Bind null address", su, r -> new Bind(null, r.narrow()), PARAM));
    rows.add(row("Bind unresolved", su, r -> new Bind(UNRESOLVED, r.narrow()), PARAM));
    rows.add(row("Bind non-local address", su, r -> new Bind(NON_LOCAL, r.narrow()), BAD_ADDRESS));
    rows.add(row("Listen before bind", su, r -> new Listen(r.narrow()), STATE));
    rows.add(row("Connect before bind", su, r -> new Connect(CLOSED_V4, r.narrow()), STATE));
    rows.add(
        row(
            "ConnectEx before bind",
            su,
            r -> new ConnectEx(CLOSED_V4, X, 0, null, r.narrow()),
            STATE));
    rows.add(row("Accept undecided", su, r -> new Accept(ignoreHandler(), r.narrow()), STATE));
    rows.add(row("Send undecided", su, r -> new Send(X, r.narrow()), STATE));
    rows.add(row("Receive undecided", su, r -> new Receive(1, r.narrow()), STATE));
    rows.add(row("Disconnect undecided", su, r -> new Disconnect(null, 0, r.narrow()), STATE));
    rows.add(row("Release undecided", su, r -> new Release(1, r.narrow()), STATE));
    rows.add(row("GetRemoteAddress undecided", su, r -> new GetRemoteAddress(r.narrow()), STATE));
    rows.add(
        row(
            "InspectComplete undecided",
            su,
            r -> new InspectComplete(new InspectId(1, 1), InspectAction.ACCEPT, r.narrow()),
            STATE));
    rows.add(row("event callbacks undecided", su, r -> events(on(WskEvent.ACCEPT), r), STATE));
    rows.add(
        row(
            "SetOption datagram option",
            su,
            r -> new SetOption<>(SocketOption.SO_BROADCAST, true, r.narrow()),
            NOT_SUPPORTED));
    rows.add(row("SetOption null option", su, r -> rawSetOption(null, true, r), PARAM));
    rows.add(
        row(
            "Ioctl undecided",
            su,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, r.narrow()),
            STATE));
    rows.add(row("Listen null replyTo", su, r -> new Listen(null), null));
    Target sb = Target.STREAM_BOUND;
    rows.add(row("Bind twice", sb, r -> new Bind(LOOP, r.narrow()), STATE));
    rows.add(row("Connect wrong family", sb, r -> new Connect(V6_REMOTE, r.narrow()), PARAM));
    rows.add(
        row(
            "SO_REUSEADDR after bind",
            sb,
            r -> new SetOption<>(SocketOption.SO_REUSEADDR, true, r.narrow()),
            STATE));
    Target sl = Target.STREAM_LISTENING;
    rows.add(row("Listen twice", sl, r -> new Listen(r.narrow()), STATE));
    rows.add(row("Connect on a listener", sl, r -> new Connect(CLOSED_V4, r.narrow()), STATE));
    rows.add(row("Send on a listener", sl, r -> new Send(X, r.narrow()), STATE));
    rows.add(row("Receive on a listener", sl, r -> new Receive(1, r.narrow()), STATE));
    rows.add(row("Disconnect on a listener", sl, r -> new Disconnect(null, 0, r.narrow()), STATE));
    rows.add(row("Release on a listener", sl, r -> new Release(1, r.narrow()), STATE));
    rows.add(
        row("GetRemoteAddress on a listener", sl, r -> new GetRemoteAddress(r.narrow()), STATE));
    rows.add(row("Accept null handler", sl, r -> new Accept(null, r.narrow()), PARAM));
    Target sc = Target.STREAM_CONNECTED;
    rows.add(row("Listen on a connection", sc, r -> new Listen(r.narrow()), STATE));
    rows.add(
        row("Accept on a connection", sc, r -> new Accept(ignoreHandler(), r.narrow()), STATE));
    rows.add(
        row(
            "InspectComplete on a connection",
            sc,
            r -> new InspectComplete(new InspectId(1, 1), InspectAction.ACCEPT, r.narrow()),
            STATE));
    rows.add(row("Send null data", sc, r -> new Send(null, r.narrow()), PARAM));

    // ---- basic socket ----
    Target ba = Target.BASIC;
    rows.add(
        row(
            "SetOption",
            ba,
            r -> new SetOption<>(SocketOption.SO_KEEPALIVE, true, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "GetOption",
            ba,
            r -> new GetOption<>(SocketOption.SO_KEEPALIVE, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "routing query null input",
            ba,
            r -> new Ioctl<>(IoctlCode.SIO_ROUTING_INTERFACE_QUERY, null, r.narrow()),
            PARAM));
    rows.add(
        row(
            "routing query unresolved",
            ba,
            r -> new Ioctl<>(IoctlCode.SIO_ROUTING_INTERFACE_QUERY, UNRESOLVED, r.narrow()),
            PARAM));
    rows.add(
        row(
            "routing query wrong family",
            ba,
            r -> new Ioctl<>(IoctlCode.SIO_ROUTING_INTERFACE_QUERY, V6_REMOTE, r.narrow()),
            PARAM));
    rows.add(
        row(
            "connection Ioctl",
            ba,
            r -> Ioctl.query(IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, r.narrow()),
            NOT_SUPPORTED));
    rows.add(
        row(
            "Ioctl null replyTo",
            ba,
            r -> Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_QUERY, null),
            null));
    return rows;
  }

  static InetAddress mcast() {
    try {
      return InetAddress.getByName("239.255.0.77");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> table() {
    return rows().stream().map(r -> Arguments.of(r));
  }

  // ---- one row: build the target, send, check the status, check the target still works ----

  /** What a row built and must clean up. */
  private final List<ActorRef<?>> sockets = new ArrayList<>();

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (ActorRef<?> s : sockets) {
      @SuppressWarnings("unchecked")
      ActorRef<Object> any = (ActorRef<Object>) s;
      any.tell(new CloseSocket(testKit.system().ignoreRef()));
    }
    sockets.clear();
    for (AutoCloseable c : resources) c.close();
    resources.clear();
    f.awaitSocketCount(0);
  }

  private <S> ActorRef<S> keep(ActorRef<S> s) {
    sockets.add(s);
    return s;
  }

  /** A plain server socket on loopback, closed after the row. */
  private ServerSocket plainServer() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    s.setSoTimeout((int) T.toMillis());
    resources.add(s);
    return s;
  }

  private Socket accepted(ServerSocket server) throws IOException {
    Socket s = server.accept();
    s.setSoTimeout((int) T.toMillis());
    resources.add(s);
    return s;
  }

  /** The target socket (or provider) of a row, and the plain peer of a connected one. */
  private record Built(ActorRef<Object> ref, Socket peer) {}

  private Built build(Target t) throws IOException {
    switch (t) {
      case PROVIDER:
        return new Built(f.provider.unsafeUpcast(), null);
      case LISTEN_UNBOUND:
        return new Built(
            keep(f.listener(AddressFamily.INET, ignoreHandler())).unsafeUpcast(), null);
      case LISTEN_BOUND:
        return new Built(keep(f.boundListener(ignoreHandler()).socket()).unsafeUpcast(), null);
      case CONN_OPEN:
        return new Built(
            keep(f.connection(AddressFamily.INET, ignoreHandler())).unsafeUpcast(), null);
      case CONN_BOUND:
        {
          ActorRef<ConnectionSocket.Command> c =
              keep(f.connection(AddressFamily.INET, ignoreHandler()));
          f.bind(c, ANY4);
          return new Built(c.unsafeUpcast(), null);
        }
      case CONN_CONNECTED:
      case CONN_SEND_SHUT:
        {
          ServerSocket server = plainServer();
          ActorRef<ConnectionSocket.Command> c =
              keep(f.connection(AddressFamily.INET, ignoreHandler()));
          f.bind(c, ANY4);
          TestProbe<ConnectCompleted> con = testKit.createTestProbe();
          c.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), con.ref()));
          Socket peer = accepted(server);
          assertEquals(WskStatus.STATUS_SUCCESS, con.receiveMessage(T).status());
          if (t == Target.CONN_SEND_SHUT) {
            TestProbe<DisconnectCompleted> d = testKit.createTestProbe();
            c.tell(new Disconnect(null, 0, d.ref()));
            assertEquals(WskStatus.STATUS_SUCCESS, d.receiveMessage(T).status());
          }
          return new Built(c.unsafeUpcast(), peer);
        }
      case DGRAM_OPEN:
        return new Built(
            keep(f.datagram(AddressFamily.INET, ignoreHandler())).unsafeUpcast(), null);
      case DGRAM_BOUND:
        {
          ActorRef<DatagramSocket.Command> d =
              keep(f.datagram(AddressFamily.INET, ignoreHandler()));
          f.bind(d, LOOP);
          return new Built(d.unsafeUpcast(), null);
        }
      case STREAM_UNDECIDED:
        return new Built(keep(f.stream(AddressFamily.INET, ignoreHandler())).unsafeUpcast(), null);
      case STREAM_BOUND:
        {
          ActorRef<StreamSocket.Command> s = keep(f.stream(AddressFamily.INET, ignoreHandler()));
          f.bind(s, LOOP);
          return new Built(s.unsafeUpcast(), null);
        }
      case STREAM_LISTENING:
        {
          ActorRef<StreamSocket.Command> s = keep(f.stream(AddressFamily.INET, ignoreHandler()));
          f.bind(s, LOOP);
          TestProbe<ListenCompleted> l = testKit.createTestProbe();
          s.tell(new Listen(l.ref()));
          assertEquals(WskStatus.STATUS_SUCCESS, l.receiveMessage(T).status());
          return new Built(s.unsafeUpcast(), null);
        }
      case STREAM_CONNECTED:
        {
          ServerSocket server = plainServer();
          ActorRef<StreamSocket.Command> s = keep(f.stream(AddressFamily.INET, ignoreHandler()));
          f.bind(s, ANY4);
          TestProbe<ConnectCompleted> con = testKit.createTestProbe();
          s.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), con.ref()));
          Socket peer = accepted(server);
          assertEquals(WskStatus.STATUS_SUCCESS, con.receiveMessage(T).status());
          return new Built(s.unsafeUpcast(), peer);
        }
      case BASIC:
        {
          TestProbe<
                  org.wskactors.protocol.SocketCreated<org.wskactors.protocol.BasicSocket.Command>>
              c = testKit.createTestProbe();
          f.provider.tell(new CreateBasicSocket(AddressFamily.INET, c.ref()));
          return new Built(keep(c.receiveMessage(T).socket()).unsafeUpcast(), null);
        }
      default:
        throw new IllegalArgumentException(t.toString());
    }
  }

  /** The target still does what its state allows after the bad request. */
  private void assertStillUsable(Target t, Built b) throws IOException {
    ActorRef<Object> s = b.ref();
    switch (t) {
      case PROVIDER:
        {
          TestProbe<Object> c = testKit.createTestProbe();
          s.tell(new CreateListenSocket(AddressFamily.INET, ignoreHandler(), c.ref().narrow()));
          org.wskactors.protocol.SocketCreated<?> created =
              c.expectMessageClass(org.wskactors.protocol.SocketCreated.class, T);
          assertEquals(WskStatus.STATUS_SUCCESS, created.status());
          keep(created.socket());
          return;
        }
      case LISTEN_UNBOUND:
      case STREAM_UNDECIDED:
        {
          if (t == Target.STREAM_UNDECIDED) f.bind(s, LOOP);
          InetSocketAddress at;
          if (t == Target.LISTEN_UNBOUND) {
            at = f.bind(s, LOOP);
          } else {
            TestProbe<ListenCompleted> l = testKit.createTestProbe();
            s.tell(new Listen(l.ref()));
            ListenCompleted lc = l.receiveMessage(T);
            assertEquals(WskStatus.STATUS_SUCCESS, lc.status());
            at = lc.localAddress();
          }
          acceptOne(s, at);
          return;
        }
      case LISTEN_BOUND:
      case STREAM_LISTENING:
        {
          TestProbe<org.wskactors.protocol.AddressCompleted> a = testKit.createTestProbe();
          s.tell(new GetLocalAddress(a.ref()));
          acceptOne(s, a.receiveMessage(T).address());
          return;
        }
      case CONN_OPEN:
      case CONN_BOUND:
      case STREAM_BOUND:
        {
          if (t == Target.CONN_OPEN) f.bind(s, ANY4);
          ServerSocket server = plainServer();
          TestProbe<ConnectCompleted> con = testKit.createTestProbe();
          s.tell(new Connect((InetSocketAddress) server.getLocalSocketAddress(), con.ref()));
          Socket peer = accepted(server);
          assertEquals(WskStatus.STATUS_SUCCESS, con.receiveMessage(T).status());
          exchange(s, peer, true);
          return;
        }
      case CONN_CONNECTED:
      case STREAM_CONNECTED:
        exchange(s, b.peer(), true);
        return;
      case CONN_SEND_SHUT:
        exchange(s, b.peer(), false);
        return;
      case DGRAM_OPEN:
      case DGRAM_BOUND:
        {
          InetSocketAddress self = t == Target.DGRAM_OPEN ? f.bind(s, LOOP) : localAddress(s);
          TestProbe<SendToCompleted> sent = testKit.createTestProbe();
          s.tell(new SendTo(X, self, 0, sent.ref()));
          assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
          TestProbe<ReceiveFromCompleted> got = testKit.createTestProbe();
          s.tell(new ReceiveFrom(10, 0, null, got.ref()));
          assertEquals(X, got.receiveMessage(T).data());
          return;
        }
      case BASIC:
        {
          TestProbe<Object> io = testKit.createTestProbe();
          s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_QUERY, io.ref().narrow()));
          assertEquals(WskStatus.STATUS_SUCCESS, ((WskCompletion) io.receiveMessage(T)).status());
          return;
        }
      default:
        throw new IllegalArgumentException(t.toString());
    }
  }

  private InetSocketAddress localAddress(ActorRef<Object> s) {
    TestProbe<org.wskactors.protocol.AddressCompleted> a = testKit.createTestProbe();
    s.tell(new GetLocalAddress(a.ref()));
    return a.receiveMessage(T).address();
  }

  private void acceptOne(ActorRef<Object> listener, InetSocketAddress at) throws IOException {
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    listener.tell(new Accept(ignoreHandler(), acc.ref()));
    Socket peer = RelFixture.plainClient(at);
    resources.add(peer);
    AcceptCompleted a = acc.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    keep(a.socket());
  }

  /** One byte from the peer to us, and (when we may still send) one byte back. */
  private void exchange(ActorRef<Object> s, Socket peer, boolean weSend) throws IOException {
    peer.getOutputStream().write('p');
    TestProbe<ReceiveCompleted> got = testKit.createTestProbe();
    s.tell(new Receive(1, got.ref()));
    ReceiveCompleted r = got.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertEquals("p", r.data().utf8String());
    if (weSend) {
      TestProbe<SendCompleted> sent = testKit.createTestProbe();
      s.tell(new Send(ByteString.fromString("q"), sent.ref()));
      assertEquals(WskStatus.STATUS_SUCCESS, sent.receiveMessage(T).status());
      assertEquals('q', peer.getInputStream().read());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void badRequestCompletesWithItsStatusAndTheTargetStillWorks(Row row) throws Exception {
    Built b = build(row.target());
    TestProbe<Object> reply = testKit.createTestProbe();
    b.ref().tell(row.request().apply(reply.ref()));
    if (row.expected() != null) {
      Object m = reply.receiveMessage(T);
      WskCompletion c = assertInstanceOf(WskCompletion.class, m, "a completion");
      assertEquals(row.expected(), c.status(), row.name() + ": " + m);
    }
    assertStillUsable(row.target(), b);
  }

  @Test
  void registerWithBadInputAnswersAndTheSubsystemGoesOn() {
    TestProbe<Registered> reg = testKit.createTestProbe();
    ActorRef<org.wskactors.protocol.WskSubsystem.Command> subsystem =
        Wsk.get(testKit.system()).subsystem();
    subsystem.tell(new Register(null, null, reg.ref()));
    assertEquals(PARAM, reg.receiveMessage(T).status());
    subsystem.tell(new Register("", null, reg.ref()));
    assertEquals(PARAM, reg.receiveMessage(T).status());
    subsystem.tell(new Register("x".repeat(65), null, reg.ref()));
    assertEquals(PARAM, reg.receiveMessage(T).status());
    subsystem.tell(new Register("no-reply", null, null));
    // The subsystem is still there and registers the next client.
    RelFixture other = new RelFixture(testKit, "after-bad-register");
    assertEquals(0, other.socketCount());
  }

  @Test
  void theTableCoversEveryTargetAndItsRowsAreDistinct() {
    Set<Target> covered = java.util.EnumSet.noneOf(Target.class);
    for (Row r : rows()) covered.add(r.target());
    assertEquals(java.util.EnumSet.allOf(Target.class), covered);
    List<String> names = rows().stream().map(Row::toString).toList();
    assertEquals(names.size(), Set.copyOf(names).size(), "row names are unique");
  }
}
