package org.zhaowo.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that talks to one IVR (fresh database, FastAGI server) shared by its tests. The scripted
 * Asterisk's sounds folder holds what the installer generates for the demo district's units.
 */
abstract class IvrTest {
  static IvrHarness ivr;

  @BeforeAll
  static void startIvr() {
    ivr = new IvrHarness();
    FakeAsterisk.unitsByDefault(units(ivr));
  }

  static java.util.List<String> units(IvrHarness harness) {
    return harness.rows("SELECT code FROM units").stream().map(r -> r.getString("code")).toList();
  }

  @AfterAll
  static void stopIvr() {
    ivr.proxy.restore(); // a test that cut the database must not leave the harness unable to close
    ivr.close();
  }
}
