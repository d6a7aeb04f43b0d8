/**
 * Pure planners for background maintenance. {@link untorn.pageserver.maintenance.GcPlanner}
 * decides, from layer indexes alone, which versions no read at or above the retention horizon
 * (or at a child's branch point) can ever need, and so which layers to remove or rewrite. {@link
 * untorn.pageserver.maintenance.CompactionPlanner} picks the level-0 layers to merge and cuts the
 * merged key space into level-1 outputs. The timeline executes the plans (file I/O) and publishes
 * the result atomically.
 */
package untorn.pageserver.maintenance;
