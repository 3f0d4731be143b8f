package org.zhaowo.ivr;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP proxy in front of PostgreSQL that a test can cut (the database "goes away") and restore. */
final class PgProxy {
  private final Vertx vertx;
  private final NetClient client;
  private final int targetPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
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
        in.handler(out::write);
        out.handler(in::write);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
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
