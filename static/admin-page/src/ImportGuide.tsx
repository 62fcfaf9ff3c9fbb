// The guided first import: Connect -> Map -> Dry run -> Import as a progress tracker, and what the current step
// asks, with a way to it. Its actions are plain buttons: the one primary action is the step's own (save, test,
// save the mapping, run the dry run, start the import).
import Button from '@atlaskit/button/new';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { ProgressTracker, type Stages } from '@atlaskit/progress-tracker';
import {
  currentStep,
  GUIDE_STEPS,
  stepAdvice,
  stepsDone,
  type GuideFacts,
  type GuideStep,
} from './import-guide';

export interface ImportGuideProps {
  facts: GuideFacts;
  /** Takes the admin to a step (its tab or section); absent for a step that cannot be opened yet. */
  onOpen: (step: GuideStep) => void;
}

const OPEN_LABELS: Record<GuideStep, string | undefined> = {
  connect: undefined,
  map: 'Open the mapping',
  'dry-run': 'Open the dry run',
  import: 'Go to the import',
};

export function ImportGuide({ facts, onOpen }: ImportGuideProps) {
  const done = stepsDone(facts);
  const current = currentStep(facts);
  const reachable = done.connect;
  const items: Stages = GUIDE_STEPS.map((step) => ({
    id: step.key,
    label: step.label,
    percentageComplete: done[step.key] ? 100 : 0,
    status:
      step.key === current ? 'current' : done[step.key] ? 'visited' : reachable ? 'unvisited' : 'disabled',
    ...(done[step.key] && step.key !== 'connect' && step.key !== current
      ? { onClick: () => onOpen(step.key) }
      : { noLink: true }),
  }));
  const open = OPEN_LABELS[current];

  return (
    <section aria-label="Import steps" data-testid="import-guide" data-current-step={current}>
      <Stack space="space.150">
        <ProgressTracker items={items} label="Import steps" testId="import-steps" spacing="compact" />
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text testId="import-step-advice">{stepAdvice(current, facts)}</Text>
          {open && reachable && (
            <Button appearance="subtle" testId="open-step" onClick={() => onOpen(current)}>
              {open}
            </Button>
          )}
        </Inline>
      </Stack>
    </section>
  );
}
