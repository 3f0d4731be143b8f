package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI socket of one call: reads the header block, then sends one command at a time and
 * completes its reply. Notes a {@code HANGUP} notice whenever it comes. Anything malformed
 * ({@link AgiMalformed}), too long or too slow closes this connection, logged once with the call's id;
 * the pending command then fails with {@link CallerHungUp}. Once closed it reads nothing more, so a
 * peer that keeps sending costs at most one line's buffer.
 */
final class AgiConnection {
  private static final Logger log = LoggerFactory.getLogger(AgiConnection.class);

  private final Vertx vertx;
  private final NetSocket socket;
  private final AgiLimits limits;
  private final AgiHeaderBlock headers;
  private final Promise<AgiRequest> request = Promise.promise();
  private final long headerTimer;
  private Promise<AgiReply> pending;
  private long pendingTimer = -1;
  private List<String> usage;
  private volatile boolean hangupNotice;
  private volatile boolean closed;

  AgiConnection(Vertx vertx, NetSocket socket, AgiLimits limits) {
    this.vertx = vertx;
    this.socket = socket;
    this.limits = limits;
    this.headers = new AgiHeaderBlock(limits.maxHeaders());
    RecordParser parser = RecordParser.newDelimited("\n", this::onLine).maxRecordSize(limits.maxLine());
    parser.exceptionHandler(e -> abort("line longer than " + limits.maxLine() + " bytes"));
    socket.handler(data -> {
      if (!closed) {
        parser.handle(data);
      }
    });
    socket.exceptionHandler(e -> abort("socket error: " + e.getMessage()));
    socket.closeHandler(v -> onClosed());
    headerTimer = vertx.setTimer(limits.headerTimeoutMs(), id -> abort("no complete header block in time"));
  }

  /** The header block; fails when the peer sends garbage or nothing in time. */
  Future<AgiRequest> request() {
    return request.future();
  }

  /** Sends one command line; the reply comes within the command's own time plus the reply limit. */
  Future<AgiReply> send(String command, long expectedMs) {
    if (closed) {
      return Future.failedFuture(new CallerHungUp("connection closed"));
    }
    if (pending != null) {
      return Future.failedFuture(new IllegalStateException("a command is already running"));
    }
    Promise<AgiReply> reply = Promise.promise();
    pending = reply;
    pendingTimer = vertx.setTimer(expectedMs + limits.replyTimeoutMs(), id -> abort("no reply to " + verb(command)));
    socket.write(command + "\n");
    return reply.future();
  }

  boolean hangupNoticed() {
    return hangupNotice;
  }

  /** A reply that parsed but fits no command's answers: closes the connection as a malformed line does. */
  CallerHungUp malformed(String why) {
    abort(why);
    return new CallerHungUp(why);
  }

  Future<Void> close() {
    closed = true;
    return socket.close();
  }

  private void onLine(Buffer buffer) {
    if (closed) {
      return;
    }
    try {
      boolean header = !request.future().isComplete();
      String line = AgiLine.decode(buffer.getBytes(), limits.maxLine(), header); // the parser checks only unfinished lines
      if (header) {
        onHeader(line);
      } else if (line.equals("HANGUP")) {
        hangupNotice = true;
      } else if (usage != null) {
        onUsage(line);
      } else {
        onReply(line);
      }
    } catch (AgiMalformed e) {
      abort(e.getMessage());
    } catch (RuntimeException e) { // a bug of ours must not leave the socket open and the call waiting
      log.error("Unexpected failure on the FastAGI line of call {}", callId(), e);
      abort("unexpected " + e.getClass().getSimpleName());
    }
  }

  private void onHeader(String line) {
    AgiRequest complete = headers.add(line);
    if (complete != null) {
      vertx.cancelTimer(headerTimer);
      request.tryComplete(complete);
    }
  }

  private void onUsage(String line) {
    if (line.startsWith("520 ")) {
      List<String> lines = usage;
      usage = null;
      complete(AgiReply.usage(lines));
    } else if (usage.size() >= limits.maxUsageLines()) {
      abort("520 usage text longer than " + limits.maxUsageLines() + " lines");
    } else {
      usage.add(line);
    }
  }

  private void onReply(String line) {
    if (pending == null) {
      abort("a reply nobody asked for");
    } else if (line.startsWith("520-")) {
      usage = new ArrayList<>();
    } else if (line.startsWith("100 ")) {
      return; // "100 result=0 Trying...": provisional, the final reply follows
    } else {
      complete(AgiReply.parse(line));
    }
  }

  private void complete(AgiReply reply) {
    Promise<AgiReply> p = pending;
    pending = null;
    vertx.cancelTimer(pendingTimer);
    p.complete(reply);
  }

  /** Closes this connection only; the call's flow sees a hang-up. */
  private void abort(String why) {
    if (!closed) {
      log.warn("Closing FastAGI connection of call {} from {}: {}", callId(), socket.remoteAddress(), why);
      closed = true;
      socket.close();
    }
    fail(why);
  }

  private void onClosed() {
    closed = true;
    fail("connection closed by Asterisk");
  }

  private void fail(String why) {
    vertx.cancelTimer(headerTimer);
    request.tryFail(new CallerHungUp(why));
    if (pending != null) {
      Promise<AgiReply> p = pending;
      pending = null;
      vertx.cancelTimer(pendingTimer);
      p.tryFail(new CallerHungUp(why));
    }
  }

  private String callId() {
    return request.future().succeeded() ? request.future().result().uniqueId() : headers.uniqueId();
  }

  private static String verb(String command) {
    int quote = command.indexOf('"');
    return quote < 0 ? command : command.substring(0, quote).trim();
  }
}
