package org.zhaowo.ticketing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/** The demo district's reference lists: departments, categories, residents, calendar. */
final class DemoCatalog {
  static final String[] SUB_DISTRICTS = {"解放", "山南", "站前", "胜利", "长甸", "东长甸", "和平", "园林",
      "新兴", "对炉", "常青", "福安", "湖南", "建国", "旅顺"};

  /** code, name, phone: the district's 35 member departments. */
  static final String[][] DEPARTMENTS = {
      {"DEP-WATER", "区水务局", "0412-5510001"}, {"DEP-POWER", "区供电协调办", "0412-5510002"},
      {"DEP-GAS", "区燃气协调办", "0412-5510003"}, {"DEP-HOUSING", "区住建局", "0412-5510004"},
      {"DEP-URBAN", "区城管局", "0412-5510005"}, {"DEP-ENV", "区生态环境分局", "0412-5510006"},
      {"DEP-CIVIL", "区民政局", "0412-5510007"}, {"DEP-HR", "区人社局", "0412-5510008"},
      {"DEP-HEALTH", "区卫健局", "0412-5510009"}, {"DEP-POLICE", "区公安分局", "0412-5510010"},
      {"DEP-JUSTICE", "区司法局", "0412-5510011"}, {"DEP-MARKET", "区市场监管局", "0412-5510012"},
      {"DEP-EDU", "区教育局", "0412-5510013"}, {"DEP-TRANSPORT", "区交通局", "0412-5510014"},
      {"DEP-EMERGENCY", "区应急管理局", "0412-5510015"}, {"DEP-PETITION", "区信访局", "0412-5510016"},
      {"DEP-DISABLED", "区残联", "0412-5510017"}, {"DEP-WOMEN", "区妇联", "0412-5510018"},
      {"DEP-UNION", "区总工会", "0412-5510019"}, {"DEP-YOUTH", "团区委", "0412-5510020"},
      {"DEP-CULTURE", "区文旅局", "0412-5510021"}, {"DEP-COMMERCE", "区商务局", "0412-5510022"},
      {"DEP-FINANCE", "区财政局", "0412-5510023"}, {"DEP-TAX", "区税务局", "0412-5510024"},
      {"DEP-LAND", "区自然资源分局", "0412-5510025"}, {"DEP-AGRI", "区农业农村局", "0412-5510026"},
      {"DEP-STATS", "区统计局", "0412-5510027"}, {"DEP-MEDINS", "区医保局", "0412-5510028"},
      {"DEP-VETERANS", "区退役军人事务局", "0412-5510029"}, {"DEP-FIRE", "区消防救援大队", "0412-5510030"},
      {"DEP-PROPERTY", "区物业管理中心", "0412-5510031"}, {"DEP-SERVICE", "区政务服务中心", "0412-5510032"},
      {"DEP-VOLUNTEER", "区志愿者协会", "0412-5510033"}, {"DEP-AGING", "区老龄办", "0412-5510034"},
      {"DEP-GRID", "区网格化管理中心", "0412-5510035"}};

  private DemoCatalog() {}

  /** code, 中文, English, IVR group, default unit, item kind, working days. */
  static void categories(Connection c) throws SQLException {
    Object[][] rows = {
        {"utilities", "水电气维修", "Water, electricity and gas repairs", 1, "community", "promised", 1},
        {"elderly-care", "家政养老", "Housekeeping and elderly care", 2, "community", "promised", 3},
        {"health", "健康服务", "Health services", 2, "DEP-HEALTH", "promised", 3},
        {"hardship", "困难帮扶", "Help for families in hardship", 2, "DEP-CIVIL", "promised", 5},
        {"safety", "社区治安与纠纷", "Community safety and disputes", 3, "community", "promised", 2},
        {"environment", "环境卫生", "Environment and sanitation", 3, "DEP-URBAN", "promised", 3},
        {"employment", "就业培训", "Employment and training", 4, "DEP-HR", "promised", 5},
        {"policy", "政策咨询", "Policy and information", 4, "DEP-SERVICE", "immediate", 0},
        {"other", "其他", "Other", 5, "none", "promised", 5}};
    try (PreparedStatement st = c.prepareStatement("INSERT INTO categories (code, name_zh, name_en, ivr_group,"
        + " default_unit, item_kind, time_limit_days, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows.length; i++) {
        for (int col = 0; col < rows[i].length; col++) {
          st.setObject(col + 1, rows[i][col]);
        }
        st.setInt(8, i + 1);
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** phone, name, address, grid, elderly, landline, language. */
  static void residents(Connection c, Instant now) throws SQLException {
    Object[][] rows = {
        {"13800138000", "张先生（演示）", "解放第1社区 3号楼2单元501", "G1", false, false, "zh-CN"},
        {"13900139000", "李奶奶（演示）", "解放第1社区 5号楼1单元101", "G2", true, false, "zh-CN"},
        {"04125551234", "王大爷（演示）", "解放第1社区 8号楼3单元302", "G3", true, true, "zh-CN"},
        {"13700137000", "Ms. Chen (demo)", "Jiefang Community 1, Building 2", "G1", false, false, "en"}};
    try (PreparedStatement st = c.prepareStatement("INSERT INTO residents (phone, name, address, community_code,"
        + " grid_code, elderly, landline, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] r : rows) {
        st.setString(1, (String) r[0]);
        st.setString(2, (String) r[1]);
        st.setString(3, (String) r[2]);
        st.setString(4, DemoDistrict.DEMO_COMMUNITY);
        st.setString(5, DemoDistrict.DEMO_COMMUNITY + "-" + r[3]);
        st.setBoolean(6, (Boolean) r[4]);
        st.setBoolean(7, (Boolean) r[5]);
        st.setString(8, (String) r[6]);
        st.setObject(9, TicketSql.timestamp(now));
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** A demo holiday calendar; an operator sets the real one from the State Council notice. */
  static void calendar(Connection c) throws SQLException {
    String[][] days = {
        {"2026-01-01", "holiday", "元旦"}, {"2026-01-02", "holiday", "元旦"}, {"2026-01-04", "workday", "元旦调休"},
        {"2026-10-01", "holiday", "国庆节"}, {"2026-10-02", "holiday", "国庆节"}, {"2026-10-05", "holiday", "国庆节"},
        {"2026-10-06", "holiday", "国庆节"}, {"2026-10-07", "holiday", "国庆节"}, {"2026-10-10", "workday", "国庆调休"},
        {"2027-01-01", "holiday", "元旦"}};
    try (PreparedStatement st = c.prepareStatement("INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)")) {
      for (String[] d : days) {
        st.setObject(1, LocalDate.parse(d[0]));
        st.setString(2, d[1]);
        st.setString(3, d[2]);
        st.addBatch();
      }
      st.executeBatch();
    }
  }
}
