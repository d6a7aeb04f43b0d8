/**
 * The pageserver torture suite: each seed runs one {@code TimelineScenario} of the pageserver's
 * checkers (random WAL in random chunks, background work in a seeded order, checkpoints, GC,
 * restarts from the files, a branch), with the image policy and full-page writes chosen by the
 * seed, and every GetPage compared with sequential redo of the page's records.
 */
package untorn.torture.pageserver;
