package org.zhaowo.ticketing;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The IVR's side of the agent's screen: what it gathered on a call, and its recordings. The IVR
 * implements it over its own tables (ticketing never reads them); {@link #NONE} when no IVR runs.
 */
public interface CallLog {
  /** The call with Asterisk's unique id; empty when the IVR has no record of it (yet). */
  Future<Optional<GatheredCall>> call(String uniqueId);

  /** A caller's latest calls to the IVR, newest first, at most {@code limit}. */
  Future<List<GatheredCall>> recentCalls(String phone, int limit);

  /**
   * The audio file of a recording named in a {@link GatheredCall} (or a ticket's recording field),
   * when this instance can read it; empty for any other name (never a path outside the recordings folder).
   */
  Optional<Path> recording(String name);

  CallLog NONE = new CallLog() {
    @Override
    public Future<Optional<GatheredCall>> call(String uniqueId) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<List<GatheredCall>> recentCalls(String phone, int limit) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Optional<Path> recording(String name) {
      return Optional.empty();
    }
  };
}
