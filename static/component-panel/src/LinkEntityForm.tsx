// The not-linked state: search Backstage by name and link an entity to this component (admins only; the
// resolver refuses anyone else and the page shows its message). An entity that already has its own Compass
// component is offered as "Open component", never as a Link Compass would refuse.
import Button from '@atlaskit/button/new';
import LinkButton from '@atlaskit/button/link';
import { Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useState, type FormEvent } from 'react';
import { compassComponentUrl } from '../../shared/compass-links';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import { kindAndType, type SearchResult } from './panel-display';

export interface LinkEntityFormProps {
  canLink: boolean;
  /** The site Compass links go to (static/shared/compass-links.ts). */
  siteUrl: string | undefined;
  search: (
    query: string,
  ) => Promise<{ ok: true; value: SearchResult[] } | { ok: false; error: ResolverError }>;
  link: (entityRef: string) => Promise<ResolverError | undefined>;
}

export function LinkEntityForm({ canLink, siteUrl, search, link }: LinkEntityFormProps) {
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [results, setResults] = useState<SearchResult[] | undefined>();
  const [error, setError] = useState<{ title: string; error: ResolverError } | undefined>();
  const [linking, setLinking] = useState<string | undefined>();

  async function onSearch(event: FormEvent) {
    event.preventDefault();
    setSearching(true);
    setError(undefined);
    const answer = await search(query);
    setSearching(false);
    if (answer.ok) setResults(answer.value);
    else setError({ title: 'Could not search Backstage', error: answer.error });
  }

  async function onLink(entityRef: string) {
    setLinking(entityRef);
    setError(undefined);
    const failure = await link(entityRef);
    setLinking(undefined);
    if (failure) setError({ title: 'Could not link the entity', error: failure });
  }

  return (
    <Stack space="space.200">
      <SectionMessage appearance="information" title="Not linked to Backstage">
        <p>
          This component has no Backstage entity. Find its entity below and link it: the link is saved on the
          component, so imports keep it up to date.
        </p>
        {!canLink && <p data-testid="admins-only">Only a Compass admin can link; you can still search.</p>}
      </SectionMessage>
      <form onSubmit={onSearch} data-testid="entity-search">
        <Stack space="space.075">
          <Label htmlFor="entity-search-query">Backstage entity name</Label>
          <Inline space="space.100" alignBlock="center">
            <div style={{ flexGrow: 1 }}>
              <Textfield
                id="entity-search-query"
                name="query"
                value={query}
                placeholder="e.g. payment"
                onChange={(event) => setQuery((event.target as HTMLInputElement).value)}
              />
            </div>
            <Button type="submit" appearance="primary" isDisabled={query.trim().length < 2 || searching}>
              Search
            </Button>
          </Inline>
        </Stack>
      </form>
      {searching && <Spinner size="medium" label="Searching Backstage" />}
      {error && <ResolverErrorMessage title={error.title} error={error.error} />}
      {results && results.length === 0 && (
        <Text as="p">No Component, API or Resource matches “{query}”.</Text>
      )}
      {results && results.length > 0 && (
        <ul data-testid="search-results" style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
          {results.map((result) => {
            const component =
              result.imported && result.componentId
                ? compassComponentUrl(siteUrl, result.componentId)
                : undefined;
            return (
              <li
                key={result.ref}
                style={{ padding: '6px 0' }}
                data-in-compass={result.imported || undefined}
              >
                <Inline space="space.100" alignBlock="center" spread="space-between">
                  <Stack space="space.025">
                    <Inline space="space.100" alignBlock="center">
                      <Text weight="semibold">{result.title}</Text>
                      {result.imported && <Lozenge>In Compass</Lozenge>}
                    </Inline>
                    <Text size="small" color="color.text.subtle">
                      {kindAndType(result)} · <code>{result.ref}</code>
                    </Text>
                  </Stack>
                  {result.imported ? (
                    component && (
                      <LinkButton
                        href={component}
                        target="_top"
                        aria-label={`Open component ${result.title}`}
                      >
                        Open component
                      </LinkButton>
                    )
                  ) : (
                    <Button
                      appearance="default"
                      isDisabled={linking !== undefined}
                      onClick={() => onLink(result.ref)}
                      aria-label={`Link ${result.ref}`}
                    >
                      {linking === result.ref ? 'Linking…' : 'Link'}
                    </Button>
                  )}
                </Inline>
              </li>
            );
          })}
        </ul>
      )}
    </Stack>
  );
}
