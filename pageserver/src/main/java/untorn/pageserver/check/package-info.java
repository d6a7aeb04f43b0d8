/**
 * Checkers and a torture scenario for the pageserver, shared by its tests, the {@code untorn
 * pageserver torture} command and later the torture suites. {@link
 * untorn.pageserver.check.ReferencePages} is the oracle (sequential redo of every record of a
 * page); {@link untorn.pageserver.check.PageChecker} compares GetPage with it; {@link
 * untorn.pageserver.check.TimelineHarness} runs a tenant with a seeded deterministic executor; and
 * {@link untorn.pageserver.check.TimelineScenario} is one seeded run mixing ingest, background
 * work, GC, restarts and a branch, replayable from its one-line spec. A violation is a {@link
 * untorn.pageserver.check.CheckFailure}.
 */
package untorn.pageserver.check;
