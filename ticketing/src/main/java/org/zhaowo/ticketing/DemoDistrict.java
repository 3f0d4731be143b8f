package org.zhaowo.ticketing;

import java.sql.Connection;
import java.time.Clock;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo district (演示区) loaded into an empty database: 15 sub-districts, 99 communities with grids
 * and grid heads, 35 member departments, the service categories, a few residents and one user per
 * role. Every name carries 演示 (demo) so nobody mistakes it for real data.
 */
public final class DemoDistrict {
  private static final Logger log = LoggerFactory.getLogger(DemoDistrict.class);

  /** The demo users, all with the demo password. */
  public static final List<String> USERS = List.of("agent", "unit", "supervisor", "admin");
  /** The community the demo {@code unit} user staffs, and where the demo residents live. */
  public static final String DEMO_COMMUNITY = "SD01-C01";

  private DemoDistrict() {}

  /** Loads the demo when the database has no organisation yet, its residents registered at {@code clock}'s now; true when it did. */
  public static boolean loadIfEmpty(Database db, String password, Clock clock) throws SQLException {
    try (Connection c = db.jdbc()) {
      var rs = c.createStatement().executeQuery("SELECT count(*) FROM units");
      rs.next();
      if (rs.getLong(1) > 0) {
        return false;
      }
      c.setAutoCommit(false);
      organisation(c);
      DemoCatalog.categories(c);
      DemoCatalog.residents(c, clock.instant());
      DemoCatalog.calendar(c);
      users(c, password);
      c.commit();
      log.info("Loaded the demo district (演示区): 15 sub-districts, 99 communities, 35 departments");
      return true;
    }
  }

  private static void organisation(Connection c) throws SQLException {
    try (PreparedStatement unit = c.prepareStatement(
        "INSERT INTO units (code, name, level, parent_code, phone, head_name, households) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      add(unit, "DISTRICT", "铁东演示区 96715 服务中心", "district", null, "96715", null, null);
      for (String[] dep : DemoCatalog.DEPARTMENTS) {
        add(unit, dep[0], dep[1], "department", "DISTRICT", dep[2], null, null);
      }
      int community = 0;
      for (int s = 1; s <= 15; s++) {
        String sd = String.format("SD%02d", s);
        add(unit, sd, DemoCatalog.SUB_DISTRICTS[s - 1] + "街道（演示）", "sub_district", "DISTRICT",
            String.format("0412-55%02d000", s), null, null);
        int communities = s <= 9 ? 7 : 6; // 9×7 + 6×6 = 99
        for (int k = 1; k <= communities; k++, community++) {
          String code = String.format("%s-C%02d", sd, k);
          add(unit, code, DemoCatalog.SUB_DISTRICTS[s - 1] + "第" + k + "社区（演示）", "community", sd,
              String.format("0412-56%02d%03d", s, k), null, null);
          for (int g = 1; g <= 3; g++) {
            add(unit, code + "-G" + g, "第" + g + "网格", "grid", code,
                String.format("139%04d%04d", community, g), "网格长" + (community * 3 + g) + "号（演示）", 300);
          }
        }
      }
      unit.executeBatch();
    }
  }

  private static void add(PreparedStatement st, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      st.setObject(i + 1, values[i]);
    }
    st.addBatch();
  }

  private static void users(Connection c, String password) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "INSERT INTO users (username, password_hash, role, unit_code, display_name, phone_interface) VALUES (?, ?, ?, ?, ?, ?)")) {
      // the agent sits at the first member of the sample queue (asterisk-config/queues.conf)
      add(st, "agent", Passwords.hash(password), "agent", null, "话务员（演示）", "PJSIP/agent01");
      add(st, "unit", Passwords.hash(password), "unit", DEMO_COMMUNITY, "社区工作站（演示）", null);
      add(st, "supervisor", Passwords.hash(password), "supervisor", null, "督办员（演示）", null);
      add(st, "admin", Passwords.hash(password), "admin", null, "管理员（演示）", null);
      st.executeBatch();
    }
  }
}
