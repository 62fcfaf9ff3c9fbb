// The Backstage panel on a Compass component page (minimal for now: issue 6 brings the live Backstage data).
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import { getViewContext, OutsideForgeError } from '../../shared/forge-bridge';
import { PAGE_ERROR_CODES, type ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import { componentIdFrom, type ComponentPageContext } from './component-context';

type PanelState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ResolverError }
  | { kind: 'ready'; componentId: string | undefined };

function contextError(error: unknown): ResolverError {
  if (error instanceof OutsideForgeError)
    return { code: PAGE_ERROR_CODES.outsideForge, message: error.message };
  return {
    code: PAGE_ERROR_CODES.invokeFailed,
    message: `The page could not read its context: ${error instanceof Error ? error.message : String(error)}`,
  };
}

export function ComponentPanel({
  readContext = getViewContext,
}: {
  readContext?: () => Promise<ComponentPageContext>;
}) {
  const [state, setState] = useState<PanelState>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    readContext().then(
      (context) => current && setState({ kind: 'ready', componentId: componentIdFrom(context) }),
      (error: unknown) => current && setState({ kind: 'failed', error: contextError(error) }),
    );
    return () => {
      current = false;
    };
  }, [readContext]);

  return (
    <Box as="main" padding="space.200">
      <Stack space="space.200">
        <Heading size="medium" as="h1">
          Backstage
        </Heading>
        {state.kind === 'loading' && <Spinner size="medium" label="Loading the component" />}
        {state.kind === 'failed' && (
          <ResolverErrorMessage title="Could not read the page context" error={state.error} />
        )}
        {state.kind === 'ready' && state.componentId === undefined && (
          <SectionMessage appearance="warning" title="No component in the page context">
            <p>
              Compass did not say which component this page shows, so there is nothing to look up in
              Backstage.
            </p>
          </SectionMessage>
        )}
        {state.kind === 'ready' && state.componentId !== undefined && (
          <Stack space="space.150">
            <Text as="p">
              Component <code data-testid="component-id">{state.componentId}</code>
            </Text>
            <SectionMessage appearance="information" title="The Backstage panel is coming">
              <p>
                This panel will show what Backstage knows about this component: its owner, lifecycle, APIs,
                dependencies and links, read live from your Backstage catalog.
              </p>
            </SectionMessage>
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
