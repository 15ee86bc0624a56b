export { buildApp } from './app.js';
export { hashPassword } from './auth/passwords.js';
export { checkChosenSetupToken } from './auth/setup-token.js';
export { type HostileBenchOptions, type HostileBenchResult, runHostileBench } from './bench/hostile-bench.js';
export {
  BenchSetupError,
  runServerBench,
  type ServerBenchOptions,
  type ServerBenchResult,
} from './bench/server-bench.js';
export { type Printer, type ServeCliOptions, ServeError, serveUntilStopped } from './cli-run.js';
export { decayCorrectorFor, loadCaseRecord, siteGroup } from './domain/case-record.js';
export { LIVE_DECISION } from './domain/decision.js';
export {
  importHistoricCsv,
  loadRegistryInput,
  REGISTRY_SEED,
  registryInputFromEntries,
} from './domain/registry-input.js';
export {
  generateSyntheticRegistry,
  SYNTHETIC_SOURCE,
  seedSyntheticRegistry,
  seedSyntheticRegistryInBackground,
} from './domain/synthetic-registry.js';
export { ApiError, statusOf } from './errors.js';
export type { AppDeps, AuthContext, ServerConfig } from './http/context.js';
export { RouteRegistry, route } from './http/route.js';
export { loadSimulatedSources } from './live/load-simulator.js';
export { createMapWorkerState, type MapUpdate, type MapWorkerInit } from './live/map-worker-core.js';
export { SIM_FRAME_SECONDS } from './live/simulated-source.js';
export type { StationSink, StationSource } from './live/station-source.js';
export { LIVE_UPDATE_MS } from './live/tracked-map.js';
export {
  can,
  PERMISSION_MEANING,
  PERMISSIONS,
  type Permission,
  permissionsOf,
  ROLE_PERMISSIONS,
} from './permissions.js';
export {
  createAppWithStore,
  DEFAULT_CONSOLE_DIR,
  type RunningServer,
  type ServerOptions,
  startServer,
  VERSION,
} from './server.js';
