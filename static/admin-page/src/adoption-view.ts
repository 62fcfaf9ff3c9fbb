// How a match between an entity and an existing Compass component reads. Pure, tested without a browser.
import { adoptionMatchTitle } from '../../shared/plain-words';
import type { AdoptionDecision } from './admin-operations';

/** "Matches Payment Gateway (same repository)". */
export function adoptionLine(componentName: string, match: string): string {
  return `Matches ${componentName} (${adoptionMatchTitle(match)})`;
}

const DECISION_TITLES: Record<AdoptionDecision, string> = {
  adopt: 'Adopted: the import updates it',
  create: 'A new component will be created',
};

export function decisionTitle(decision: AdoptionDecision): string {
  return DECISION_TITLES[decision];
}
