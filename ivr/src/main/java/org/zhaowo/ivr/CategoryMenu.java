package org.zhaowo.ivr;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.zhaowo.ticketing.Category;

/** Choosing what the problem is about: a group (1–5), then the category within it when there are several. */
final class CategoryMenu {
  private static final String KEYS = "12345";

  private final Call call;
  private final List<Category> categories;

  CategoryMenu(Call call, List<Category> categories) {
    this.call = call;
    this.categories = categories;
  }

  Category choose() {
    Map<Integer, List<Category>> groups = categories.stream()
        .collect(Collectors.groupingBy(Category::ivrGroup, TreeMap::new, Collectors.toList()));
    String groupKeys = groups.keySet().stream().map(String::valueOf).collect(Collectors.joining());
    int group = call.keypad.choose(Prompt.CATEGORY_GROUPS, groupKeys) - '0';
    List<Category> inGroup = groups.get(group);
    if (inGroup.size() == 1) {
      return inGroup.getFirst();
    }
    call.enter("report.category." + group);
    int options = Math.min(inGroup.size(), KEYS.length());
    return inGroup.get(call.keypad.choose(Prompt.categoryGroup(group), KEYS.substring(0, options)) - '1');
  }
}
