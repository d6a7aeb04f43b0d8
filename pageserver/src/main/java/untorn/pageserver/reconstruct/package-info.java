/**
 * GetPage's core: {@link untorn.pageserver.reconstruct.Reconstructor} searches a timeline's
 * layers (and its ancestors' up to the branch point) for the newest version that starts a chain
 * at or below the requested LSN and the deltas above it; {@link
 * untorn.pageserver.reconstruct.Reconstruction} replays them with {@code core}'s redo and says
 * what it cost (deltas replayed, layers visited).
 */
package untorn.pageserver.reconstruct;
