// Where the app's scorecard metrics live: the admin's settings, the Compass definition ids of the app's metrics,
// each imported entity's metric state (`metric:<ref>`, beside its sync state) and the last push's summary.
import type { KeyValueStore, TechInsightsCheck } from '../core/ports';
import type { MetricRunTally } from '../import/import-run';
import {
  METRIC_DEFINITIONS_KEY,
  METRIC_PUSH_KEY,
  METRIC_SCORECARD_KEY,
  METRIC_SETTINGS_KEY,
  metricStateKey,
} from './storage-keys';
import { loadByRefs } from './ref-key';

/** The admin's choices; absent fields mean the defaults. */
export interface StoredMetricSettings {
  /** Metric key -> true for a metric turned off (every metric is on unless turned off). */
  disabled?: Record<string, boolean>;
  annotationSet?: string[];
  /** The admin's own metrics, as validateCustomMetrics answers them. */
  customMetrics?: unknown[];
  /** Backstage's Tech Insights checks, once detected (absent before: no check metrics). */
  techInsights?: StoredTechInsightsChoice;
}

/** The checks Tech Insights listed last, and which of them the admin chose as metrics. */
export interface StoredTechInsightsChoice {
  /** As last listed (id, name, description), in the backend's order. */
  checks: TechInsightsCheck[];
  /** Check ids pushed as metrics: every check listed when Tech Insights was first detected, then the admin's choice. */
  chosen: string[];
  /** When the checks were last listed. */
  listedAt: string;
}

/** One entity's Tech Insights answers as the metrics phase last read them: what the panel shows. */
export interface EntityCheckState {
  /** When the app ran the checks. */
  evaluatedAt: string;
  /** Check id -> passed; a check Tech Insights gave no answer for is absent. */
  results: Record<string, boolean>;
}

/** One entity's metrics: what was pushed, so only a changed value is sent again. */
export interface EntityMetricState {
  /** entityContentHash of the entity when last seen, and when that content was first seen. */
  contentHash: string;
  contentSeenAt: string;
  /** Compass metric definition id -> the metric source id of this entity's component (a definition made anew
   *  after a removal gets new sources). */
  sources: Record<string, string>;
  /** Compass metric definition id -> the last value Compass accepted. */
  pushed: Record<string, number>;
  /** The app's scorecard, once applied to this entity's component. */
  scorecardId?: string;
  /** When a value was last pushed. */
  pushedAt?: string;
  /** The chosen Tech Insights checks' answers, when last read. */
  checks?: EntityCheckState;
}

/** The last run's metrics phase, as the run tallied it (MetricRunTally of src/import/import-run.ts). */
export type MetricPushSummary = MetricRunTally & { runId: string; at: string };

/** The app's ready-made scorecard, once created; `apply` asks the metrics phase to apply it to imported components. */
export interface StoredScorecard {
  id: string;
  name: string;
  apply: boolean;
}

export function metricStore(store: KeyValueStore) {
  return {
    loadSettings: async () => (await store.get<StoredMetricSettings>(METRIC_SETTINGS_KEY)) ?? {},
    saveSettings: (settings: StoredMetricSettings) => store.set(METRIC_SETTINGS_KEY, settings),

    /** Metric key -> Compass definition id. */
    loadDefinitionIds: async () => (await store.get<Record<string, string>>(METRIC_DEFINITIONS_KEY)) ?? {},
    saveDefinitionIds: (ids: Record<string, string>) => store.set(METRIC_DEFINITIONS_KEY, ids),

    loadStates: (refs: string[]) => loadByRefs<EntityMetricState>(store, refs, metricStateKey),
    loadState: (ref: string) => store.get<EntityMetricState>(metricStateKey(ref)),
    saveStates: (states: { entityRef: string; state: EntityMetricState }[]) =>
      store.setMany(states.map(({ entityRef, state }) => ({ key: metricStateKey(entityRef), value: state }))),
    /** For entities whose component was deleted (the removal policy 'delete'). */
    deleteStates: (refs: string[]) => store.deleteMany(refs.map(metricStateKey)),

    /**
     * A renamed entity keeps when its content was first seen and its scorecard. Its metric sources are named by the
     * old ref (their external id), so they are not carried over: the metrics phase finds or makes the new ref's.
     */
    async moveState(fromRef: string, toRef: string): Promise<void> {
      const state = await store.get<EntityMetricState>(metricStateKey(fromRef));
      if (!state) return;
      await store.set<EntityMetricState>(metricStateKey(toRef), { ...state, sources: {}, pushed: {} });
      await store.delete(metricStateKey(fromRef));
    },

    loadScorecard: () => store.get<StoredScorecard>(METRIC_SCORECARD_KEY),
    saveScorecard: (scorecard: StoredScorecard) => store.set(METRIC_SCORECARD_KEY, scorecard),

    loadLastPush: () => store.get<MetricPushSummary>(METRIC_PUSH_KEY),
    saveLastPush: (summary: MetricPushSummary) => store.set(METRIC_PUSH_KEY, summary),
  };
}
