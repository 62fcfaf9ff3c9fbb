// Grey bars where the panel's content will be, while the first answer is on its way.
import { Box, Stack } from '@atlaskit/primitives/compiled';

const BAR_WIDTHS = ['60%', '35%', '90%', '80%', '45%', '70%'];

export function PanelSkeleton() {
  return (
    <div data-testid="panel-skeleton" aria-busy="true" aria-label="Loading Backstage data">
      <Stack space="space.150">
        {BAR_WIDTHS.map((width, index) => (
          <div key={index} style={{ width }}>
            <Box backgroundColor="color.background.neutral" padding="space.100" />
          </div>
        ))}
      </Stack>
    </div>
  );
}
