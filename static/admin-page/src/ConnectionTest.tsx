// "Test connection": asks the app to read the catalog with the saved URL and token, and shows either the
// catalog's size by kind (with whether Tech Insights answers, and its checks) or one diagnosis with what to change.
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, ConnectionTestResult } from './admin-operations';
import type {
  ConnectionDiagnosis as Diagnosis,
  TechInsightsDetection as Detection,
} from '../../../src/admin/test-connection';
import { plural } from '../../shared/plain-words';
import { connectionTestSummary } from './admin-view';

export function ConnectionTest({
  operations,
  primary,
  onTested,
}: {
  operations: Pick<AdminOperations, 'testConnection'>;
  /** The page's one primary action while the saved connection is not verified. */
  primary: boolean;
  onTested: (result: ConnectionTestResult) => void;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult>();
  const [error, setError] = useState<ResolverError>();

  async function test() {
    setTesting(true);
    setError(undefined);
    const answer = await operations.testConnection();
    setTesting(false);
    if (answer.ok) {
      setResult(answer.value);
      onTested(answer.value);
    } else setError(answer.error);
  }

  return (
    <Stack space="space.150">
      <Inline space="space.100">
        <Button
          testId="test-connection"
          appearance={primary ? 'primary' : 'default'}
          isLoading={testing}
          onClick={() => void test()}
        >
          Test connection
        </Button>
      </Inline>
      {error && <ResolverErrorMessage title="Could not test the connection" error={error} />}
      {result?.ok && (
        <SectionMessage appearance="success" title="Backstage answered">
          <Stack space="space.100">
            <Text as="p" testId="connection-test-summary">
              {connectionTestSummary(result)}
            </Text>
            <Inline space="space.050" shouldWrap>
              {Object.entries(result.countsByKind).map(([kind, count]) => (
                <Lozenge key={kind}>{`${kind} ${count.toLocaleString('en')}`}</Lozenge>
              ))}
            </Inline>
            {result.techInsights && <TechInsightsDetection detection={result.techInsights} />}
          </Stack>
        </SectionMessage>
      )}
      {result && !result.ok && (
        <SectionMessage appearance="error" title={result.diagnosis.title}>
          <ConnectionDiagnosis diagnosis={result.diagnosis} />
        </SectionMessage>
      )}
    </Stack>
  );
}

/**
 * Whether Tech Insights answers, with its checks by name; or why not, as its title and what to do (never the
 * reason's code). The catalog test passed either way.
 */
function TechInsightsDetection({ detection }: { detection: Detection }) {
  if (!detection.available) {
    return (
      <div data-testid="tech-insights-detection">
        <p>
          <strong>Tech Insights: </strong>
          {detection.title}
        </p>
        <p>
          <strong>What to do: </strong>
          {detection.whatToDo}
        </p>
      </div>
    );
  }
  return (
    <Stack space="space.050" testId="tech-insights-detection">
      <Text as="p" testId="tech-insights-summary">
        {`Tech Insights answers: ${plural(detection.checks.length, 'check', 'checks')}`}
      </Text>
      <Inline space="space.050" shouldWrap>
        {detection.checks.map((check) => (
          <span key={check.id} title={check.description} data-testid="tech-insights-check">
            <Lozenge appearance="inprogress">{check.name}</Lozenge>
          </span>
        ))}
      </Inline>
    </Stack>
  );
}

/**
 * A failed test's diagnosis: what to do in words, and what the catalog client saw (a socket or TLS code, the
 * request) folded under "Technical details" for whoever debugs the network: no code on screen until asked for.
 */
export function ConnectionDiagnosis({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <div data-testid="connection-diagnosis" data-kind={diagnosis.kind}>
      <p>
        <strong>What to do: </strong>
        {diagnosis.whatToDo}
      </p>
      {diagnosis.detail && (
        <details data-testid="connection-diagnosis-detail">
          <summary>Technical details</summary>
          <p style={{ wordBreak: 'break-word' }}>{diagnosis.detail}</p>
        </details>
      )}
    </div>
  );
}
