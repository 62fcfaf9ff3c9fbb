// A status, outcome or action as a lozenge in its own words and colour (see admin-view.ts).
import Lozenge from '@atlaskit/lozenge';
import type { LozengeLook } from './admin-view';

export function StatusLozenge({ look, testId }: { look: LozengeLook; testId?: string }) {
  return (
    <Lozenge appearance={look.appearance} testId={testId}>
      {look.label}
    </Lozenge>
  );
}
