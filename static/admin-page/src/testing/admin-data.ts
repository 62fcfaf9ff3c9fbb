// Test data builders for what the admin resolver answers, shared by the screen tests and the view tests.
import { emptyCounts } from '../../../../src/import/import-run';
import type { ImportStatus, MappingView } from '../admin-operations';

/** A whole import status: every count zero unless given; a finished run unless `state` says otherwise. */
export function buildImportStatus(overrides: Partial<ImportStatus> = {}): ImportStatus {
  return {
    state: 'done',
    total: 0,
    ...emptyCounts(),
    ...overrides,
  };
}

/** A mapping as the server shows it: a small rule set, the default owner table (empty), two Compass types. */
export function buildMappingView(overrides: Partial<MappingView> = {}): MappingView {
  return {
    rules: {
      importedKinds: ['component', 'api', 'resource'],
      componentTypeBySpecType: { service: 'SERVICE' },
      componentTypeFallback: 'OTHER',
      typeByKind: { api: 'OTHER' },
      lifecycleBySpecLifecycle: { production: 'Active' },
      ownerTeamIds: {},
    },
    defaults: {} as MappingView['defaults'],
    teamNames: {},
    compassTypes: ['SERVICE', 'OTHER'],
    lifecycles: ['Active', 'Pre-release', 'Deprecated'],
    ...overrides,
  };
}
