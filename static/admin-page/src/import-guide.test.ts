import type { BackstageConnectionView } from './admin-operations';
import {
  currentStep,
  isVerified,
  stepAdvice,
  stepsDone,
  unmappedOwners,
  type GuideFacts,
} from './import-guide';
import { buildImportStatus } from './testing/admin-data';

const checkedAt = '2026-12-04T10:00:00.000Z';
const saved: BackstageConnectionView = { baseUrl: 'https://backstage.acme.io', token: { set: true } };
const verified: BackstageConnectionView = { ...saved, lastTest: { ok: true, checkedAt } };

function facts(overrides: Partial<GuideFacts>): GuideFacts {
  return {
    connection: verified,
    unmapped: { owners: 3, components: 8 },
    mappingOpened: false,
    dryRunOpened: false,
    status: buildImportStatus({ state: 'idle' }),
    ...overrides,
  };
}

describe('the guided first import', () => {
  it('only a connection whose last test passed is verified', () => {
    expect(isVerified(undefined)).toBe(false);
    expect(isVerified(saved)).toBe(false);
    expect(isVerified({ ...saved, lastTest: { ok: false, checkedAt } })).toBe(false);
    expect(isVerified(verified)).toBe(true);
  });

  it('leads Connect, Map, Dry run, Import in order', () => {
    expect(currentStep(facts({ connection: saved, mappingOpened: true, dryRunOpened: true }))).toBe(
      'connect',
    );
    expect(currentStep(facts({}))).toBe('map');
    // The dry run is not done before the mapping is.
    expect(currentStep(facts({ dryRunOpened: true }))).toBe('map');
    expect(currentStep(facts({ mappingOpened: true }))).toBe('dry-run');
    expect(currentStep(facts({ unmapped: { owners: 0, components: 0 } }))).toBe('dry-run');
    expect(currentStep(facts({ mappingOpened: true, dryRunOpened: true }))).toBe('import');
  });

  it('a returning admin (a run exists) has every step done and imports again', () => {
    const returning = facts({ status: buildImportStatus({ state: 'done' }) });
    expect(stepsDone(returning)).toEqual({ connect: true, map: true, 'dry-run': true, import: true });
    expect(currentStep(returning)).toBe('import');
  });

  it('says what each step asks, with the unmapped owners and their components', () => {
    expect(stepAdvice('connect', facts({ connection: saved }))).toMatch(/never tested/);
    expect(
      stepAdvice('connect', facts({ connection: { ...saved, lastTest: { ok: false, checkedAt } } })),
    ).toMatch(/last connection test failed/);
    expect(stepAdvice('map', facts({}))).toBe(
      '3 owners (8 components) have no Compass team yet: map them in the Mapping tab, or import them without an owner team.',
    );
    expect(stepAdvice('map', facts({ unmapped: { owners: 1, components: 1 } }))).toMatch(
      /^1 owner \(1 component\)/,
    );
  });

  it('counts the unmapped owners that own imported entities, and their entities', () => {
    expect(
      unmappedOwners([
        { ownerRef: 'group:default/a', entityCount: 5, suggestions: [] },
        { ownerRef: 'group:default/b', entityCount: 3, suggestions: [] },
        { ownerRef: 'group:default/c', entityCount: 0, suggestions: [] },
        { ownerRef: 'group:default/d', entityCount: 4, teamId: 'team-d', suggestions: [] },
      ]),
    ).toEqual({ owners: 2, components: 8 });
  });
});
