// The Backstage panel on a Compass component page: reads the component from the page context, asks the
// panel resolver (getPanel), and shows the entity or the state it is in, with "data as of" and a refresh.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useCallback, useEffect, useState } from 'react';
import { compassSiteUrl } from '../../shared/compass-links';
import { formatTimestamp } from '../../shared/format-time';
import { getViewContext, invokeResolver, OutsideForgeError } from '../../shared/forge-bridge';
import { PAGE_ERROR_CODES, type ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import { componentIdFrom, type ComponentPageContext } from './component-context';
import { EntityDetails } from './EntityDetails';
import { LinkEntityForm } from './LinkEntityForm';
import { ageOf, linkFailure, type PanelState } from './panel-display';
import { panelCall } from './panel-operations';
import { PanelSkeleton } from './PanelSkeleton';
import { ScorecardMetrics } from './ScorecardMetrics';
import { TechInsightsChecks } from './TechInsightsChecks';

type Invoke = typeof invokeResolver;

type PageState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ResolverError }
  | { kind: 'no-component' }
  | { kind: 'shown'; panel: PanelState };

function contextError(error: unknown): ResolverError {
  if (error instanceof OutsideForgeError)
    return { code: PAGE_ERROR_CODES.outsideForge, message: error.message };
  return {
    code: PAGE_ERROR_CODES.invokeFailed,
    message: `The page could not read its context: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** The component's id, never shown (it is an ARI): a button copies it for a support request or an API call. */
function CopyComponentId({ componentId }: { componentId: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = () =>
    navigator.clipboard.writeText(componentId).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <Inline space="space.100" alignBlock="center">
      <span data-testid="component-id" data-component-id={componentId}>
        <Button appearance="subtle" spacing="compact" onClick={() => void copy()}>
          Copy component id
        </Button>
      </span>
      {copied && (
        <Text size="small" color="color.text.subtle">
          <span role="status">{copied === 'yes' ? 'Copied' : 'Could not copy: the browser refused'}</span>
        </Text>
      )}
    </Inline>
  );
}

/** Backstage could not be read, so what is shown is the saved answer (the header says from when). */
function StaleWarning({ warning }: { warning: { code: string; message: string } }) {
  return (
    <div data-testid="stale-warning">
      <SectionMessage appearance="warning" title="Could not refresh from Backstage: showing saved data">
        <p data-error-code={warning.code}>{warning.message}</p>
      </SectionMessage>
    </div>
  );
}

function AsOf({ asOf, onRefresh, refreshing }: { asOf: string; onRefresh: () => void; refreshing: boolean }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Text size="small" color="color.text.subtle">
        <span data-testid="as-of" title={asOf}>
          Data as of {formatTimestamp(asOf)} ({ageOf(asOf, new Date())})
        </span>
      </Text>
      <Button appearance="subtle" spacing="compact" onClick={onRefresh} isDisabled={refreshing}>
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </Button>
    </Inline>
  );
}

export function ComponentPanel({
  readContext = getViewContext,
  invoke = invokeResolver,
}: {
  readContext?: () => Promise<ComponentPageContext>;
  invoke?: Invoke;
}) {
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  const [componentId, setComponentId] = useState<string>();
  const [siteUrl, setSiteUrl] = useState<string>();
  const [refreshing, setRefreshing] = useState(false);

  const show = useCallback(
    async (
      method: 'getPanel' | 'refreshPanel' | 'linkEntity',
      payload: { componentId?: string; entityRef?: string },
    ) => {
      const answer = await panelCall(invoke)(method, payload);
      if (answer.ok) setState({ kind: 'shown', panel: answer.value });
      else if (method !== 'linkEntity') setState({ kind: 'failed', error: answer.error });
      if (answer.ok) return undefined;
      return method === 'linkEntity' ? linkFailure(answer.error) : answer.error;
    },
    [invoke],
  );

  useEffect(() => {
    let current = true;
    readContext().then(
      (context) => {
        if (!current) return;
        const id = componentIdFrom(context);
        setSiteUrl(compassSiteUrl((context as { siteUrl?: unknown }).siteUrl));
        if (!id) return setState({ kind: 'no-component' });
        setComponentId(id);
        void show('getPanel', { componentId: id });
      },
      (error: unknown) => current && setState({ kind: 'failed', error: contextError(error) }),
    );
    return () => {
      current = false;
    };
  }, [readContext, show]);

  const refresh = async () => {
    if (!componentId) return;
    setRefreshing(true);
    await show('refreshPanel', { componentId });
    setRefreshing(false);
  };

  const panel = state.kind === 'shown' ? state.panel : undefined;
  return (
    <Box as="main" padding="space.200">
      <Stack space="space.200">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Heading size="medium" as="h1">
            Backstage
          </Heading>
          {panel && (panel.state === 'ready' || panel.state === 'entity-deleted') && (
            <AsOf asOf={panel.asOf} onRefresh={refresh} refreshing={refreshing} />
          )}
        </Inline>
        {state.kind === 'loading' && <PanelSkeleton />}
        {state.kind === 'failed' && (
          <ResolverErrorMessage title="Could not show the Backstage data" error={state.error} />
        )}
        {state.kind === 'no-component' && (
          <SectionMessage appearance="warning" title="No component in the page context">
            <p>
              Compass did not say which component this page shows, so there is nothing to look up in
              Backstage.
            </p>
          </SectionMessage>
        )}
        {panel && (
          <PanelContent
            panel={panel}
            siteUrl={siteUrl}
            invoke={invoke}
            show={show}
            refresh={refresh}
            refreshing={refreshing}
          />
        )}
        {componentId && <CopyComponentId componentId={componentId} />}
      </Stack>
    </Box>
  );
}

function PanelContent({
  panel,
  siteUrl,
  invoke,
  show,
  refresh,
  refreshing,
}: {
  panel: PanelState;
  siteUrl: string | undefined;
  invoke: Invoke;
  show: (method: 'linkEntity', payload: Record<string, unknown>) => Promise<ResolverError | undefined>;
  refresh: () => void;
  refreshing: boolean;
}) {
  switch (panel.state) {
    case 'ready':
      return (
        <Stack space="space.200">
          {panel.warning && <StaleWarning warning={panel.warning} />}
          <EntityDetails entity={panel.entity} siteUrl={siteUrl} />
          {panel.metrics && <ScorecardMetrics metrics={panel.metrics} />}
          {panel.checks && <TechInsightsChecks checks={panel.checks} />}
          <a
            href={panel.entity.backstageUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="open-in-backstage"
          >
            Open in Backstage
          </a>
        </Stack>
      );
    case 'not-linked':
      return (
        <div data-testid="not-linked">
          <LinkEntityForm
            canLink={panel.canLink}
            siteUrl={siteUrl}
            search={(query) => panelCall(invoke)('searchEntities', { query })}
            link={(entityRef) => show('linkEntity', { componentId: panel.componentId, entityRef })}
          />
        </div>
      );
    case 'not-connected':
      return (
        <div data-testid="not-connected">
          <SectionMessage appearance="information" title="Backstage is not connected yet">
            <p>{panel.message}</p>
          </SectionMessage>
        </div>
      );
    case 'entity-deleted':
      return (
        <div data-testid="entity-deleted">
          <Stack space="space.100">
            {panel.warning && <StaleWarning warning={panel.warning} />}
            <SectionMessage appearance="warning" title="The Backstage entity is gone">
              <p>{panel.message}</p>
              <p>
                <a href={panel.backstageUrl} target="_blank" rel="noopener noreferrer">
                  Look for it in Backstage
                </a>
              </p>
            </SectionMessage>
          </Stack>
        </div>
      );
    case 'backstage-unreachable':
      return (
        <div data-testid="backstage-unreachable">
          <SectionMessage appearance="error" title="Backstage could not be reached">
            <p data-error-code={panel.error.code}>{panel.error.message}</p>
            <p>Nothing is saved for this component yet. Try again once Backstage answers.</p>
          </SectionMessage>
          <Button onClick={refresh} isDisabled={refreshing}>
            Try again
          </Button>
        </div>
      );
    case 'component-not-found':
      return (
        <SectionMessage appearance="warning" title="Component not found">
          <p>{panel.message}</p>
        </SectionMessage>
      );
  }
}
