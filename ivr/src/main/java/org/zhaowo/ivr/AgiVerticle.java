package org.zhaowo.ivr;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * The FastAGI socket (one I/O boundary): deployed on a virtual-thread context, so each call's flow
 * blocks only its own virtual thread while it awaits Asterisk. Several instances share the port.
 */
final class AgiVerticle extends VerticleBase {
  private final CallRunner runner;
  private final AgiLimits limits;
  private final String host;
  private final int port;
  private NetServer server;

  AgiVerticle(CallRunner runner, AgiLimits limits, String host, int port) {
    this.runner = runner;
    this.limits = limits;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true))
        .connectHandler(socket -> runner.handle(new AgiConnection(vertx, socket, limits)));
    return server.listen(port, host);
  }

  int actualPort() {
    return server.actualPort();
  }
}
