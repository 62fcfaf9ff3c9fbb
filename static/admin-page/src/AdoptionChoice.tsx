// What the admin does about an existing Compass component that matches an entity: Adopt or Create new for a match on
// the name alone; the decision once made; the import's own adoption for a match on the repository.
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline } from '@atlaskit/primitives/compiled';
import type { AdoptionDecision, AdoptionMatch } from './admin-operations';
import { decisionTitle } from './adoption-view';

/** A candidate's decision: Adopt / Create new for a name match, the decision once made, or the import's own adoption. */
export function AdoptionChoice({
  match,
  decision,
  busy,
  onDecide,
}: {
  match: AdoptionMatch;
  decision?: AdoptionDecision;
  busy: boolean;
  onDecide: (decision: AdoptionDecision) => void;
}) {
  if (decision)
    return <Lozenge appearance={decision === 'adopt' ? 'success' : 'new'}>{decisionTitle(decision)}</Lozenge>;
  if (match === 'repository') return <Lozenge appearance="success">Adopted by the next import</Lozenge>;
  return (
    <Inline space="space.050">
      <Button spacing="compact" isDisabled={busy} onClick={() => onDecide('adopt')}>
        Adopt
      </Button>
      <Button spacing="compact" appearance="subtle" isDisabled={busy} onClick={() => onDecide('create')}>
        Create new
      </Button>
    </Inline>
  );
}
