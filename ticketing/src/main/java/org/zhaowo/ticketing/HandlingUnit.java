package org.zhaowo.ticketing;

/**
 * A unit a ticket can be dispatched to (the district centre, a member department, a sub-district or
 * a community; grids are where residents live, not who handles): what the IVR names in a progress
 * read-out.
 *
 * @param level "district", "department", "sub_district" or "community"
 */
public record HandlingUnit(String code, String name, String level) {}
