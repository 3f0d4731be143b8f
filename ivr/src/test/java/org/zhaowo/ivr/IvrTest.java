package org.zhaowo.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that talks to one IVR (fresh database, FastAGI server) shared by its tests. */
abstract class IvrTest {
  static IvrHarness ivr;

  @BeforeAll
  static void startIvr() {
    ivr = new IvrHarness();
  }

  @AfterAll
  static void stopIvr() {
    ivr.proxy.restore(); // a test that cut the database must not leave the harness unable to close
    ivr.close();
  }
}
