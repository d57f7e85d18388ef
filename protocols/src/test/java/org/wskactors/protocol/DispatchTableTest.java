package org.wskactors.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The dispatch tables are enforced by the compiler: each snippet is compiled against the protocol
 * classes, and a request a table does not have must not compile.
 */
class DispatchTableTest {

  private static List<Diagnostic<? extends JavaFileObject>> compile(String body) {
    String src =
        "import org.apache.pekko.actor.typed.ActorRef;\n"
            + "import org.apache.pekko.util.ByteString;\n"
            + "import org.wskactors.protocol.*;\n"
            + "class Snippet {\n  void run(ActorRef<ListenSocket.Command> listener,"
            + " ActorRef<ConnectionSocket.Command> conn, ActorRef<SendCompleted> sent,"
            + " ActorRef<BindCompleted> bound, ActorRef<DatagramSocket.Command> dgram,"
            + " ActorRef<BasicSocket.Command> basic, ActorRef<StreamSocket.Command> stream,"
            + " ActorRef<SendToCompleted> sentTo, ActorRef<CloseCompleted> closed) {\n"
            + body
            + "\n  }\n}\n";
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return src;
          }
        };
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    List<String> options =
        new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path")));
    options.addAll(List.of("-d", System.getProperty("java.io.tmpdir"), "-proc:none"));
    compiler.getTask(null, null, diags, options, null, List.of(file)).call();
    List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) errors.add(d);
    }
    return errors;
  }

  @Test
  void requestsOfTheTableCompile() {
    assertEquals(
        List.of(),
        compile(
            "listener.tell(new Bind(null, bound));\n"
                + "conn.tell(new Bind(null, bound));\n"
                + "conn.tell(new Send(ByteString.emptyByteString(), sent));\n"));
  }

  @Test
  void sendToAListeningSocketDoesNotCompile() {
    List<Diagnostic<? extends JavaFileObject>> errors =
        compile("listener.tell(new Send(ByteString.emptyByteString(), sent));");
    assertFalse(errors.isEmpty(), "Send is not in the listen dispatch table");
    assertTrue(errors.get(0).getMessage(null).contains("ListenSocket.Command"), errors.toString());
  }

  @Test
  void acceptToAConnectionSocketDoesNotCompile() {
    assertFalse(compile("conn.tell(new Accept(null, null));").isEmpty());
  }

  @Test
  void everyCategoryTakesItsOwnTable() {
    assertEquals(
        List.of(),
        compile(
            "dgram.tell(new SendTo(ByteString.emptyByteString(), null, 0, sentTo));\n"
                + "basic.tell(new CloseSocket(closed));\n"
                + "stream.tell(new Send(ByteString.emptyByteString(), sent));\n"
                + "stream.tell(new Bind(null, bound));\n"));
  }

  @Test
  void basicAndDatagramSocketsRefuseOtherTablesRequests() {
    assertFalse(compile("basic.tell(new Bind(null, bound));").isEmpty(), "basic has no Bind");
    assertFalse(
        compile("dgram.tell(new Send(ByteString.emptyByteString(), sent));").isEmpty(),
        "datagram has no Send");
    assertFalse(
        compile("conn.tell(new SendTo(ByteString.emptyByteString(), null, 0, sentTo));").isEmpty(),
        "connection has no SendTo");
    assertFalse(
        compile("listener.tell(new Listen(null));").isEmpty(),
        "Listen is only in the stream table");
  }
}
