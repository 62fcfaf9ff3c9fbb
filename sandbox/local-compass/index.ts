export {
  DEFAULT_CLOUD_ID,
  LocalCompass,
  LocalCompassRequestError,
  realClock,
  type ComponentSnapshot,
  type FaultHandle,
  type FaultKind,
  type FaultSpec,
  type LocalCompassClock,
  type LocalCompassFetchApi,
  type LocalCompassOptions,
  type LocalCompassStats,
  type MetricDefinitionSnapshot,
  type ScorecardSnapshot,
  type RejectedRequest,
  type RequestInfo,
} from './local-compass';
export { DEFAULT_COMPASS_LIMITS, LOCAL_COMPASS_ERROR_TYPES, type CompassLimits } from './limits';
export type { RateLimit } from './rate-limiter';
export { createSdkApi } from './sdk';
export type { RequestCaller, SiteSeed, TeamSeed, UserSeed } from './store';
export { VirtualClock } from './virtual-clock';
export { loadCompassSubsetSchema, COMPASS_SUBSET_SCHEMA_PATH } from './schema/compass-schema';
