// Existing Compass components that match an entity the app would otherwise create: same repository (adopted by the
// import on its own) or only the same name (the admin decides: adopt it, or create a new component).
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { useEffect, useState } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, AdoptionCandidates, AdoptionDecision } from './admin-operations';
import { EntityRefText } from './EntityRefText';
import { AdoptionChoice } from './AdoptionChoice';
import { adoptionLine } from './adoption-view';

const HEAD = {
  cells: [
    { key: 'entity', content: 'Backstage entity' },
    { key: 'component', content: 'Existing component' },
    { key: 'decision', content: '' },
  ],
};

type Candidate = AdoptionCandidates['candidates'][number];

export function AdoptionSection({
  operations,
}: {
  operations: Pick<AdminOperations, 'getAdoptionCandidates' | 'adoptComponents'>;
}) {
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [error, setError] = useState<{ title: string; error: ResolverError }>();
  const [busy, setBusy] = useState<string>();

  useEffect(() => {
    let current = true;
    void operations.getAdoptionCandidates().then((answer) => {
      if (!current) return;
      if (answer.ok) setCandidates(answer.value.candidates);
      else setError({ title: 'Could not look for existing components', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [operations]);

  async function decide(candidate: Candidate, decision: AdoptionDecision) {
    setBusy(candidate.entityRef);
    setError(undefined);
    const answer = await operations.adoptComponents([
      { entityRef: candidate.entityRef, componentId: candidate.componentId, decision },
    ]);
    setBusy(undefined);
    if (!answer.ok) {
      setError({ title: 'Could not save the decision', error: answer.error });
      return;
    }
    const failed = answer.value.failed.find((failure) => failure.entityRef === candidate.entityRef);
    if (failed) {
      setError({
        title: 'Could not adopt the component',
        error: { code: 'adoption-failed', message: failed.message },
      });
      return;
    }
    setCandidates((list) =>
      list?.map((item) => (item.entityRef === candidate.entityRef ? { ...item, decision } : item)),
    );
  }

  if (!candidates?.length && !error) return null;
  return (
    <Stack space="space.200" testId="adoption">
      <Heading size="small" as="h3">
        Components already in Compass
      </Heading>
      <Text as="p" color="color.text.subtle">
        Components made in Compass before the import that match a Backstage entity. A match on the repository
        is adopted by the import; a match on the name alone waits for you: adopt the component, or create a
        new one.
      </Text>
      {error && <ResolverErrorMessage title={error.title} error={error.error} />}
      {candidates && candidates.length > 0 && (
        <div data-testid="adoption-table">
          <DynamicTable
            label="Components already in Compass"
            head={HEAD}
            rows={candidates.map((candidate) => ({
              key: candidate.entityRef,
              ...({ 'data-entity-ref': candidate.entityRef } as object),
              cells: [
                {
                  key: 'entity',
                  content: (
                    <Stack space="space.050">
                      {candidate.entityTitle && <Text>{candidate.entityTitle}</Text>}
                      <Text size="small" color="color.text.subtle">
                        <EntityRefText entityRef={candidate.entityRef} />
                      </Text>
                    </Stack>
                  ),
                },
                { key: 'component', content: adoptionLine(candidate.componentName, candidate.match) },
                {
                  key: 'decision',
                  content: (
                    <AdoptionChoice
                      match={candidate.match}
                      decision={candidate.decision}
                      busy={busy === candidate.entityRef}
                      onDecide={(decision) => void decide(candidate, decision)}
                    />
                  ),
                },
              ],
            }))}
            rowsPerPage={20}
          />
        </div>
      )}
    </Stack>
  );
}
