// The guided first import's steps (Connect -> Map -> Dry run -> Import): which are done, which is current, and
// what the current one asks. Pure, so the order is tested without a browser.
import type { BackstageConnectionView, CatalogOwner, ImportStatus } from './admin-operations';
import { unmappedOwners as unmappedOwnersOf } from './mapping-draft';
import { plural } from '../../shared/plain-words';

export type GuideStep = 'connect' | 'map' | 'dry-run' | 'import';
export const GUIDE_STEPS: readonly { key: GuideStep; label: string }[] = [
  { key: 'connect', label: 'Connect' },
  { key: 'map', label: 'Map' },
  { key: 'dry-run', label: 'Dry run' },
  { key: 'import', label: 'Import' },
];

export interface GuideFacts {
  connection: BackstageConnectionView | undefined;
  /** Unmapped owners of imported entities, when known. */
  unmapped: UnmappedOwners | undefined;
  mappingOpened: boolean;
  dryRunOpened: boolean;
  status: ImportStatus | undefined;
}

export interface UnmappedOwners {
  owners: number;
  components: number;
}

/** Saved with a URL and a token. */
export function isConnected(connection: BackstageConnectionView | undefined): boolean {
  return Boolean(connection?.baseUrl && connection.token.set);
}

/** Saved, and its last test answered: only then may an import start. */
export function isVerified(connection: BackstageConnectionView | undefined): boolean {
  return isConnected(connection) && connection?.lastTest?.ok === true;
}

/**
 * Owners of imported entities with no team yet in the saved mapping, and how many entities they own: the Mapping
 * tab's own list (`unmappedOwners` of mapping-draft), counted, over the teams the server says are mapped.
 */
export function unmappedOwners(owners: readonly CatalogOwner[]): UnmappedOwners {
  const savedTeamIds = Object.fromEntries(
    owners.flatMap((owner) => (owner.teamId ? [[owner.ownerRef, owner.teamId]] : [])),
  );
  const unmapped = unmappedOwnersOf(owners, savedTeamIds);
  return {
    owners: unmapped.length,
    components: unmapped.reduce((sum, owner) => sum + owner.entityCount, 0),
  };
}

function hasRun(status: ImportStatus | undefined): boolean {
  return status !== undefined && status.state !== 'idle';
}

/** The steps done so far: each needs the ones before it. A returning admin (a run exists) has them all. */
export function stepsDone(facts: GuideFacts): Record<GuideStep, boolean> {
  const connect = isVerified(facts.connection);
  const ran = hasRun(facts.status);
  const map = connect && (ran || facts.mappingOpened || facts.unmapped?.owners === 0);
  const dryRun = map && (ran || facts.dryRunOpened);
  return { connect, map, 'dry-run': dryRun, import: dryRun && ran && facts.status?.state !== 'running' };
}

/** The first step not done; the import once all are (a returning admin imports again). */
export function currentStep(facts: GuideFacts): GuideStep {
  const done = stepsDone(facts);
  return GUIDE_STEPS.find((step) => !done[step.key])?.key ?? 'import';
}

/** One sentence: what the current step asks of the admin. */
export function stepAdvice(step: GuideStep, facts: GuideFacts): string {
  switch (step) {
    case 'connect':
      if (!isConnected(facts.connection))
        return 'Enter the Backstage backend URL and a token: the app tests them before saving.';
      return facts.connection?.lastTest
        ? 'The last connection test failed: fix the connection, then test it again.'
        : 'The saved connection was never tested: test it before importing.';
    case 'map': {
      const unmapped = facts.unmapped;
      if (!unmapped) return 'Map the Backstage owners to Compass teams in the Mapping tab.';
      if (unmapped.owners === 0) return 'Every owner of an imported entity has a Compass team.';
      return `${plural(unmapped.owners, 'owner', 'owners')} (${plural(unmapped.components, 'component', 'components')}) have no Compass team yet: map them in the Mapping tab, or import them without an owner team.`;
    }
    case 'dry-run':
      return 'Run a dry run to see what the import will create and update, before anything is written.';
    case 'import':
      return facts.status?.state === 'running'
        ? 'The import is running; its progress is below.'
        : 'Start the import below; it runs in the background.';
  }
}
