package org.wskactors.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chat churn worker of the soak. It keeps a witness client registered in its own channel {@code
 * #soak<worker>}; until stopped, a new client connects (from a rotating source address in {@code
 * 127.<net>.<worker>.x}), registers, joins that channel, says one to three lines there and one
 * privately to the witness, and quits. The witness must see the JOIN, every line with the text
 * sent, in order, and the QUIT with the client's reason; the client must get {@code ERROR} and the
 * server's close. Each of those, if missing, wrong or late, is an error in the {@link Tally}. All
 * lines of one client fit the server's default flood burst.
 */
final class ChatChurn extends Churn {
  ChatChurn(InetSocketAddress server, int net, int worker, Tally tally, AtomicBoolean stop) {
    super(server, net, worker, tally, stop, 0xC4A7L);
  }

  @Override
  public void run() {
    String channel = "#soak" + worker;
    String witnessNick = "Witness" + worker;
    try (LineSocket witness = new LineSocket(server, null, tally)) {
      witness.send("NICK " + witnessNick, "USER w 0 * :witness", "JOIN " + channel);
      witness.until(" 366 ");
      long n = 0;
      while (!stop.get()) {
        n++;
        InetSocketAddress local = source(n);
        String nick = "C" + worker + "x" + n;
        try (LineSocket c = new LineSocket(server, local, tally)) {
          c.send("NICK " + nick, "USER c 0 * :churn", "JOIN " + channel);
          c.until(" 366 ");
          check(witness.next(), nick, " JOIN ", null);
          int lines = 1 + random.nextInt(3);
          String[] out = new String[lines + 2];
          String[] texts = new String[lines + 1];
          for (int j = 0; j < lines; j++) {
            texts[j] = n + "." + j + " " + "m".repeat(random.nextInt(300));
            out[j] = "PRIVMSG " + channel + " :" + texts[j];
          }
          texts[lines] = "private " + n;
          out[lines] = "PRIVMSG " + witnessNick + " :" + texts[lines];
          out[lines + 1] = "QUIT :bye " + n;
          c.send(out);
          // The channel's lines arrive in order, then the QUIT (both through the channel); the
          // private line comes through another path (a nick lookup, then the witness directly),
          // so it may come anywhere before the QUIT.
          boolean privateSeen = false;
          for (int j = 0; j <= lines; j++) {
            String line = witness.next();
            if (line == null) throw new IOException("the witness was disconnected");
            if (!privateSeen && is(line, nick, " PRIVMSG " + witnessNick + " :", texts[lines])) {
              privateSeen = true;
              tally.messagesVerified.incrementAndGet();
              j--;
              continue;
            }
            if (j == lines) {
              check(line, nick, " QUIT :", "Quit: bye " + n);
            } else {
              check(line, nick, " PRIVMSG " + channel + " :", texts[j]);
            }
          }
          if (!privateSeen) {
            check(witness.next(), nick, " PRIVMSG " + witnessNick + " :", texts[lines]);
          }
          c.until("ERROR :Closing Link: ");
          c.drainToEnd();
          tally.chatConnections.incrementAndGet();
        } catch (IOException | IllegalStateException e) {
          if (!stop.get())
            tally.error("chat churn " + worker + " " + nick + " from " + local + ": " + e);
          if (e instanceof IllegalStateException) return; // the witness is out of step: stop
        }
      }
      witness.send("QUIT :done");
      witness.drainToEnd();
    } catch (IOException e) {
      tally.error("chat churn " + worker + " witness: " + e);
    }
  }

  /**
   * Whether {@code line} comes from {@code nick}, holds {@code kind}, and then exactly {@code
   * text}.
   */
  private static boolean is(String line, String nick, String kind, String text) {
    int at = line.indexOf(kind);
    return line.startsWith(":" + nick + "!")
        && at > 0
        && (text == null || line.substring(at + kind.length()).equals(text));
  }

  /** A line the witness got must be this one; it counts as verified. */
  private void check(String line, String nick, String kind, String text) throws IOException {
    if (line == null) throw new IOException("the witness was disconnected");
    if (!is(line, nick, kind, text)) {
      throw new IllegalStateException(
          "the witness got '"
              + abbreviate(line)
              + "', expected :"
              + nick
              + "!..."
              + kind
              + (text == null ? "" : abbreviate(text)));
    }
    tally.messagesVerified.incrementAndGet();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
