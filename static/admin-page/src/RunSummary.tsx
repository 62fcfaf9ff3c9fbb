// After a run: what it created, updated and linked (relationships included), what needs attention, a few of its
// components with a link into Compass each, and the next step.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';
import { compassComponentUrl } from '../../shared/compass-links';
import type { AdminOperations, EntityResult, ImportStatus } from './admin-operations';
import { afterRunSummary } from './run-summary';

const SHOWN_COMPONENTS = 5;

export interface RunSummaryProps {
  operations: Pick<AdminOperations, 'getImportResults'>;
  status: ImportStatus;
  siteUrl: string | undefined;
  /** Opens the Results tab: every entity's outcome, its link and the retry of failures. */
  onOpenResults: () => void;
}

export function RunSummary({ operations, status, siteUrl, onOpenResults }: RunSummaryProps) {
  const [components, setComponents] = useState<EntityResult[]>();
  const summary = afterRunSummary(status);

  useEffect(() => {
    let current = true;
    void operations.getImportResults({ limit: 100 }).then((answer) => {
      if (!current || !answer.ok) return;
      setComponents(
        answer.value.results
          .filter(
            (result) => result.componentId && (result.outcome === 'created' || result.outcome === 'updated'),
          )
          .slice(0, SHOWN_COMPONENTS),
      );
    });
    return () => {
      current = false;
    };
  }, [operations, status.runId, status.finishedAt]);

  return (
    <section aria-labelledby="run-summary-heading" data-testid="run-summary">
      <Stack space="space.150">
        <Heading size="small" as="h3" id="run-summary-heading">
          What this import did
        </Heading>
        <Text as="p" testId="run-summary-changed">
          {summary.changed}
        </Text>
        <Text as="p" testId="run-summary-relationships">
          {summary.relationships}
        </Text>
        {summary.attention.length > 0 ? (
          <SectionMessage appearance="warning" title="Needs attention" testId="run-summary-attention">
            <ul>
              {summary.attention.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </SectionMessage>
        ) : (
          <Text as="p" color="color.text.subtle" testId="run-summary-attention">
            Nothing needs attention.
          </Text>
        )}
        {components && components.length > 0 && (
          <Stack space="space.050" testId="run-summary-components">
            <Text as="p">In Compass:</Text>
            <Inline space="space.150" shouldWrap>
              {components.map((result) => {
                const href = compassComponentUrl(siteUrl, result.componentId!);
                const name = result.entityRef.slice(result.entityRef.indexOf('/') + 1);
                return href ? (
                  <a
                    key={result.entityRef}
                    href={href}
                    target="_top"
                    data-testid="run-summary-component-link"
                  >
                    {name}
                  </a>
                ) : (
                  <Text key={result.entityRef}>{name}</Text>
                );
              })}
            </Inline>
          </Stack>
        )}
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text testId="run-summary-next">{summary.next}</Text>
          <Button appearance="subtle" testId="open-results" onClick={onOpenResults}>
            See every component in Results
          </Button>
        </Inline>
      </Stack>
    </section>
  );
}
