// "Tech Insights": the Backstage Tech Insights checks the admin chose as metrics, with this component's entity's
// answers as the app last read them, and when. Shown only once the checks were run for the entity.
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { formatTimestamp } from '../../shared/format-time';
import { ageOf, checkOutcome, moreChecks, type PanelChecks } from './panel-display';

const checkGrid = {
  display: 'grid',
  gridTemplateColumns: 'minmax(140px, max-content) minmax(80px, max-content) 1fr',
  gap: '6px 16px',
  margin: 0,
  padding: 0,
  alignItems: 'baseline',
};

export function TechInsightsChecks({ checks, now = new Date() }: { checks: PanelChecks; now?: Date }) {
  const more = moreChecks(checks);
  return (
    <section data-testid="tech-insights">
      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          Tech Insights
        </Heading>
        <Text size="small" color="color.text.subtle">
          Backstage’s checks for this component, as the app last ran them.{' '}
          <span data-testid="tech-insights-checked" title={formatTimestamp(checks.evaluatedAt)}>
            Checked {ageOf(checks.evaluatedAt, now)}.
          </span>
        </Text>
        <div role="list" style={checkGrid}>
          {checks.checks.map((check, index) => {
            const outcome = checkOutcome(check.passed);
            return (
              <div
                key={index}
                role="listitem"
                data-testid="tech-insights-check"
                style={{ display: 'contents' }}
              >
                <Text weight="semibold">{check.name}</Text>
                <span data-testid="tech-insights-outcome">
                  <Lozenge appearance={outcome.appearance}>{outcome.words}</Lozenge>
                </span>
                <Text size="small" color="color.text.subtle">
                  {check.description}
                </Text>
              </div>
            );
          })}
        </div>
        {more && (
          <Text size="small" color="color.text.subtle">
            {more}
          </Text>
        )}
      </Stack>
    </section>
  );
}
