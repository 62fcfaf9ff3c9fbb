// "Scorecard metrics": the values the app last pushed to Compass for this component's entity, each with what it
// means. Shown only when there are some (after an import's metrics phase).
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { metricValueInWords, panelMetricName, type PanelMetric } from './panel-display';

const metricGrid = {
  display: 'grid',
  gridTemplateColumns: 'minmax(140px, max-content) minmax(60px, max-content) 1fr',
  gap: '6px 16px',
  margin: 0,
  padding: 0,
  alignItems: 'baseline',
};

export function ScorecardMetrics({ metrics }: { metrics: readonly PanelMetric[] }) {
  if (metrics.length === 0) return null;
  return (
    <section data-testid="scorecard-metrics">
      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          Scorecard metrics
        </Heading>
        <Text size="small" color="color.text.subtle">
          What the app last sent to Compass for this component; scorecards can use these values.
        </Text>
        <div role="list" style={metricGrid}>
          {metrics.map((metric) => (
            <div
              key={metric.name}
              role="listitem"
              data-testid="scorecard-metric"
              style={{ display: 'contents' }}
            >
              <Text weight="semibold">{panelMetricName(metric.name)}</Text>
              <span data-testid="scorecard-metric-value">{metricValueInWords(metric)}</span>
              <Text size="small" color="color.text.subtle">
                {metric.description}
              </Text>
            </div>
          ))}
        </div>
      </Stack>
    </section>
  );
}
