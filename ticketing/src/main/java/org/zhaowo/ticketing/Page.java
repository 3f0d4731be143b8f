package org.zhaowo.ticketing;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param total how many there are, counted up to {@link #COUNT_CAP} + 1: more than the cap is "more than 10,000"
 */
public record Page<T>(List<T> items, long total, int page, int size) {
  /** Lists are counted this far and no further: a count of the whole history would cost what history costs. */
  public static final int COUNT_CAP = 10_000;

  /** True when there are more than {@link #COUNT_CAP} and {@link #total} says only that. */
  public boolean totalCapped() {
    return total > COUNT_CAP;
  }
}
