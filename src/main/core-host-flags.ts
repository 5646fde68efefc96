/**
 * V8 flags for the process that runs the core behind a UI (Electron's core utility process, browser mode's
 * server) and for the benchmarks that stand in for it.
 *
 * A smaller young generation: at 10 000 cells in flight the core keeps ~128 cells' answers, promises and HTTP
 * objects alive at any moment, and V8's default young generation (growing to 16 MB per semi-space) copies
 * all of them at each scavenge: 15-34 ms pauses on the host's thread about once a second, a large part of its
 * longest event-loop delays. With 8 MB the scavenges come ~6x as often and each takes ~4 ms (p90 7,
 * max ~17), for ~0.06 ms more CPU per cell (`node --trace-gc`, `npm run bench -- scale --case 1`).
 * The CLI keeps V8's defaults: it has no UI to keep responsive.
 */
export const CORE_HOST_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8']
