// Every key the app keeps in Forge kvs, in one place: what each holds, how big it grows and when it goes. The
// keys and the values under them are stored formats: an installed app finds its state by them after an upgrade,
// so they never change. Only the modules of src/storage use the builders below; everyone else calls their typed
// operations. docs/architecture.md carries the same table (a test keeps the two alike).
import { refKey } from './ref-key';

export interface StorageKey {
  /** The key, or its pattern: `<...>` stands for a part that varies. */
  key: string;
  /** A plain kvs value, or a secret (encrypted, never returned by a resolver). */
  store: 'kvs' | 'secret';
  /** The src/storage module that owns it. */
  owner: string;
  holds: string;
  size: string;
  deleted: string;
}

export const STORAGE_KEYS: readonly StorageKey[] = [
  {
    key: 'backstage-connection',
    store: 'kvs',
    owner: 'connection-store',
    holds: 'The Backstage base URL and when the token was saved',
    size: 'One small record',
    deleted: 'Never; replaced when an admin saves the connection',
  },
  {
    key: 'backstage-token',
    store: 'secret',
    owner: 'connection-store',
    holds: 'The Backstage token',
    size: 'One string',
    deleted: 'Never; replaced when an admin saves a new token',
  },
  {
    key: 'mapping-rules',
    store: 'kvs',
    owner: 'mapping-store',
    holds: "The admin's changes to the default mapping (`Partial<MappingRules>`)",
    size: 'One record; its tables hold what the admin entered (keys of at most 255 characters)',
    deleted: 'Never; replaced on save',
  },
  {
    key: 'mapping-team-names',
    store: 'kvs',
    owner: 'mapping-store',
    holds: 'Display names of the teams the owner table points at',
    size: 'One name (at most 255 characters) per team id',
    deleted: 'Never; replaced on save',
  },
  {
    key: 'mapping-saved-at',
    store: 'kvs',
    owner: 'mapping-store',
    holds: 'When the mapping was last saved (ISO time)',
    size: 'One string',
    deleted: 'Never; replaced on save',
  },
  {
    key: 'import-run',
    store: 'kvs',
    owner: 'run-store',
    holds: 'The record of the current (or last) import run: phase, cursor, counts',
    size: 'One small record',
    deleted: 'Never; replaced when the next run starts',
  },
  {
    key: 'import-claim:<run>',
    store: 'kvs',
    owner: 'run-store',
    holds: 'A start claim on the run record the start read (`<runId>:<seq>`, or `none`): one start wins',
    size: 'One small record',
    deleted: 'Expires after 60 seconds',
  },
  {
    key: 'import:<runId>:cancel',
    store: 'kvs',
    owner: 'run-store',
    holds: 'A cancel request for the run, written once',
    size: 'One small record',
    deleted: 'By the cleanup phase once the run is not among the last 3',
  },
  {
    key: 'import:<runId>:<list>:<chunk>',
    store: 'kvs',
    owner: 'run-store',
    holds:
      'The run’s ref lists (`work`, `index`, `selection`, `same-name`, a sync’s `renamed` pairs and `ripple`), in chunks',
    size: '2,000 refs per chunk',
    deleted: 'By the cleanup phase once the run is not among the last 3',
  },
  {
    key: 'import:<runId>:result:<ref>',
    store: 'kvs',
    owner: 'entity-store',
    holds: 'One entity’s outcome in the run (created, updated, failed...)',
    size: 'One per entity the run processed',
    deleted: 'By the cleanup phase once the run is not among the last 3',
  },
  {
    key: 'entity:<ref>',
    store: 'kvs',
    owner: 'entity-store',
    holds:
      'An imported entity’s sync state: its component, content hash, relationships, uid and input hash (what a sync compares), name and type, and since when it is missing from Backstage',
    size: 'One per imported entity',
    deleted:
      'When the removal policy “delete” (confirmed by an admin) deletes its component; moved to the new ref on a rename; otherwise never',
  },
  {
    key: 'import-history',
    store: 'kvs',
    owner: 'history-store',
    holds: 'The last runs, newest first, with their counts',
    size: 'At most 20 entries',
    deleted: 'Never; the oldest entry drops off',
  },
  {
    key: 'catalog-baseline',
    store: 'kvs',
    owner: 'catalog-baseline-store',
    holds: 'The entity count of the last complete catalog read (removal safety)',
    size: 'One small record',
    deleted: 'Never; replaced after each complete read',
  },
  {
    key: 'panel:link:<componentId>',
    store: 'kvs',
    owner: 'panel-store',
    holds: 'The entity ref a component’s panel shows',
    size: 'One per component a panel was opened or linked on',
    deleted: 'Never; replaced when an admin links another entity',
  },
  {
    key: 'panel:view:<componentId>',
    store: 'kvs',
    owner: 'panel-store',
    holds: 'The panel’s cached view of the entity',
    size: 'At most 96 KiB each (`PANEL_VIEW_MAX_BYTES`), one per component',
    deleted: 'Never; replaced when the view is read again (after 10 minutes, or on refresh)',
  },
  {
    key: 'admin-accounts',
    store: 'kvs',
    owner: 'admin-accounts-store',
    holds: 'Account ids that used the admin page (they may link from the panel)',
    size: 'At most 200 ids',
    deleted: 'Never; the oldest id drops off',
  },
  {
    key: 'metric-settings',
    store: 'kvs',
    owner: 'metric-store',
    holds: 'Which metrics are on, the annotation set, the admin’s own metrics',
    size: 'One record; at most 20 admin metrics',
    deleted: 'Never; replaced on save',
  },
  {
    key: 'metric-definitions',
    store: 'kvs',
    owner: 'metric-store',
    holds: 'The Compass metric definition id of each of the app’s metrics (found again by name when lost)',
    size: 'One id per metric (at most 30)',
    deleted: 'Never; an entry goes when its definition is removed',
  },
  {
    key: 'metric-push',
    store: 'kvs',
    owner: 'metric-store',
    holds: 'The last metrics push: when, values sent, failures',
    size: 'One small record',
    deleted: 'Never; replaced by the next push',
  },
  {
    key: 'metric-scorecard',
    store: 'kvs',
    owner: 'metric-store',
    holds: 'The app’s ready-made scorecard (its Compass id) and whether to apply it to imported components',
    size: 'One small record',
    deleted: 'Never',
  },
  {
    key: 'metric:<ref>',
    store: 'kvs',
    owner: 'metric-store',
    holds:
      'An imported entity’s metrics: its content hash and when it was first seen, its metric sources, the last value pushed per metric',
    size: 'One per imported entity; a few hundred bytes',
    deleted: 'Like the entity’s state: with a confirmed delete, or moved on a rename',
  },
  {
    key: 'sync-settings',
    store: 'kvs',
    owner: 'sync-settings-store',
    holds:
      'How the app keeps Compass in sync: the schedule, the removal policy (and whether deleting was turned on), the breaker’s threshold, the fields not synced',
    size: 'One small record',
    deleted: 'Never; replaced on save',
  },
  {
    key: 'sync-slot:<slot>',
    store: 'kvs',
    owner: 'sync-settings-store',
    holds: 'A scheduled sync’s claim on its hour or day (a trigger that runs twice starts one sync)',
    size: 'One small record',
    deleted: 'Expires after two days',
  },
  {
    key: 'import:<runId>:adoptable:<chunk>',
    store: 'kvs',
    owner: 'adoption-store',
    holds:
      'The Compass components without a `backstage` alias a run may adopt (id, name, repository links), listed once per run before its first create',
    size: '500 components per chunk',
    deleted: 'By the cleanup phase once the run is not among the last 3',
  },
  {
    key: 'adoptable:<chunk>',
    store: 'kvs',
    owner: 'adoption-store',
    holds:
      'The admin page’s copy of the Compass components without a `backstage` alias (id, name, repository links) and when they were listed',
    size: '500 components per chunk',
    deleted: 'Never; replaced when listed again (after 10 minutes, or when the admin checks again)',
  },
  {
    key: 'adoption-decision:<ref>',
    store: 'kvs',
    owner: 'adoption-store',
    holds:
      'The admin’s decision for an entity that matches an existing component by name: adopt that component, or create a new one',
    size: 'One small record per entity decided',
    deleted: 'Never; replaced when the admin decides again',
  },
  {
    key: 'adoption-candidates',
    store: 'kvs',
    owner: 'adoption-store',
    holds:
      'The last check for components to adopt: when, and each match (entity, component, repository or name)',
    size: 'One record; at most 500 matches',
    deleted: 'Never; replaced by the next check',
  },
];

export const CONNECTION_KEY = 'backstage-connection';
export const TOKEN_SECRET_KEY = 'backstage-token';

export const MAPPING_RULES_KEY = 'mapping-rules';
export const TEAM_NAMES_KEY = 'mapping-team-names';
export const MAPPING_SAVED_AT_KEY = 'mapping-saved-at';

export const RUN_KEY = 'import-run';
export const startClaimKey = (run: { runId: string; seq: number } | undefined) =>
  `import-claim:${run ? `${run.runId}:${run.seq}` : 'none'}`;
/** Everything a run leaves besides its record: cancel request, ref lists, results. */
export const runKeysPrefix = (runId: string) => `import:${runId}:`;
export const runCancelKey = (runId: string) => `${runKeysPrefix(runId)}cancel`;
export type RefListName = 'work' | 'index' | 'selection' | 'same-name' | 'renamed' | 'ripple';
export const refListKey = (runId: string, list: RefListName, chunk: number) =>
  `${runKeysPrefix(runId)}${list}:${chunk}`;
export const resultPrefix = (runId: string) => `${runKeysPrefix(runId)}result:`;
export const resultKey = (runId: string, entityRef: string) => refKey(resultPrefix(runId), entityRef);

export const STATE_PREFIX = 'entity:';
export const stateKey = (entityRef: string) => refKey(STATE_PREFIX, entityRef);

export const HISTORY_KEY = 'import-history';
export const BASELINE_KEY = 'catalog-baseline';

/** kvs keys allow no '/', hence component ids (ARIs) encoded. */
export const panelLinkKey = (componentId: string) => `panel:link:${encodeComponentId(componentId)}`;
export const panelCacheKey = (componentId: string) => `panel:view:${encodeComponentId(componentId)}`;

function encodeComponentId(value: string): string {
  return value.replace(/[^a-zA-Z0-9:._\- ]/g, '#');
}

export const ADMIN_ACCOUNTS_KEY = 'admin-accounts';

export const METRIC_SETTINGS_KEY = 'metric-settings';
export const METRIC_DEFINITIONS_KEY = 'metric-definitions';
export const METRIC_PUSH_KEY = 'metric-push';
export const METRIC_SCORECARD_KEY = 'metric-scorecard';
export const METRIC_STATE_PREFIX = 'metric:';
export const metricStateKey = (entityRef: string) => refKey(METRIC_STATE_PREFIX, entityRef);

export const SYNC_SETTINGS_KEY = 'sync-settings';
export const syncSlotKey = (slot: string) => `sync-slot:${slot}`;

export const adoptableChunkKey = (runId: string, chunk: number) =>
  `${runKeysPrefix(runId)}adoptable:${chunk}`;
/** The admin page's listing, site-wide (a run keeps its own, under its keys). */
export const siteAdoptableChunkKey = (chunk: number) => `adoptable:${chunk}`;
export const ADOPTION_DECISION_PREFIX = 'adoption-decision:';
export const adoptionDecisionKey = (entityRef: string) => refKey(ADOPTION_DECISION_PREFIX, entityRef);
export const ADOPTION_CANDIDATES_KEY = 'adoption-candidates';
