package org.zhaowo.ivr;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of PostgreSQL that a test can cut (the database "goes away"), stall (the database is
 * there but answers nothing, as an overloaded one) and restore.
 */
final class PgProxy {
  private final Vertx vertx;
  private final NetClient client;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  /** The IVR's ends of the connections: paused, what it sends waits unread. */
  private final Set<NetSocket> fromIvr = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean stalled;
  private NetServer server;
  private int port;

  PgProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.targetPort = targetPort;
    listen(0);
  }

  private void listen(int onPort) {
    server = vertx.createNetServer().connectHandler(in -> {
      if (cut) {
        in.close();
        return;
      }
      in.pause();
      client.connect(targetPort, "localhost").onSuccess(out -> {
        sockets.add(in);
        sockets.add(out);
        fromIvr.add(in);
        in.handler(out::write);
        out.handler(in::write);
        in.closeHandler(v -> {
          fromIvr.remove(in);
          out.close();
        });
        out.closeHandler(v -> in.close());
        if (!stalled) {
          in.resume();
        }
      }).onFailure(e -> in.close());
    });
    port = server.listen(onPort, "127.0.0.1").await().actualPort();
  }

  int port() {
    return port;
  }

  /** Every connection drops; new ones are accepted and closed at once. */
  void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  void restore() {
    cut = false;
  }

  /** Connections stay up but nothing the IVR sends reaches the database until {@link #unstall}. */
  void stall() {
    stalled = true;
    fromIvr.forEach(NetSocket::pause);
  }

  /** What waited goes through (queries the IVR gave up on may still commit), and new traffic flows. */
  void unstall() {
    stalled = false;
    fromIvr.forEach(NetSocket::resume);
  }

  /** As a stopped server: every connection drops and new ones are refused (ConnectException). */
  void refuse() {
    cut();
    server.close().await();
  }

  /** Listens again on the same port after {@link #refuse()}. */
  void listenAgain() {
    restore();
    listen(port);
  }
}
