import type { CompassComponentDraft } from './compass-component-draft';
import { changesToMatchDraft, sameLink } from './component-changes';
import type { CompassComponentRecord } from './ports';

const draft: CompassComponentDraft = {
  entityRef: 'component:default/payments',
  externalAlias: { externalSource: 'backstage', externalId: 'component:default/payments' },
  name: 'Payments',
  description: 'Moves money',
  typeId: 'SERVICE',
  lifecycle: 'Active',
  labels: ['payments', 'system-checkout'],
  links: [
    { type: 'REPOSITORY', url: 'https://github.com/acme/payments' },
    {
      type: 'OTHER_LINK',
      url: 'https://backstage.acme.io/catalog/default/component/payments',
      name: 'Backstage',
    },
  ],
  ownerId: 'ari:cloud:identity::team/t1',
  dependsOn: [],
};

const matching: CompassComponentRecord = {
  id: 'c1',
  name: 'Payments',
  description: 'Moves money',
  typeId: 'SERVICE',
  lifecycle: 'Active',
  labels: ['system-checkout', 'payments'],
  links: [
    {
      id: 'l2',
      type: 'OTHER_LINK',
      url: 'https://backstage.acme.io/catalog/default/component/payments/',
      name: 'Backstage',
    },
    { id: 'l1', type: 'REPOSITORY', url: 'https://GitHub.com/acme/payments' },
  ],
  ownerId: 'ari:cloud:identity::team/t1',
  externalAliases: [draft.externalAlias],
  relationships: [],
};

describe('changesToMatchDraft', () => {
  it('finds nothing to change when only order, case or a trailing slash differ', () => {
    expect(changesToMatchDraft(matching, draft)).toEqual({});
  });

  it('names exactly the fields that differ', () => {
    const current = {
      ...matching,
      name: 'payments',
      typeId: 'OTHER',
      labels: ['payments'],
      lifecycle: undefined,
    };
    expect(changesToMatchDraft(current, draft)).toEqual({
      name: 'Payments',
      typeId: 'SERVICE',
      lifecycle: 'Active',
      labels: ['payments', 'system-checkout'],
    });
  });

  it('replaces the link set when a link is added, removed or renamed', () => {
    const current = { ...matching, links: [matching.links[0]!] };
    expect(changesToMatchDraft(current, draft)).toEqual({ links: draft.links });
    const renamed = { ...matching, links: [matching.links[1]!, { ...matching.links[0]!, name: 'Catalog' }] };
    expect(changesToMatchDraft(renamed, draft)).toEqual({ links: draft.links });
  });

  it('clears a description the entity no longer has, but keeps an owner or lifecycle set in Compass', () => {
    const bare = { ...draft, description: undefined, ownerId: undefined, lifecycle: undefined };
    expect(changesToMatchDraft(matching, bare)).toEqual({ description: '' });
  });

  it('never changes a field left to Compass', () => {
    const current = { ...matching, name: 'payments', typeId: 'OTHER', labels: ['payments'] };
    expect(changesToMatchDraft(current, draft, new Set(['name', 'labels']))).toEqual({ typeId: 'SERVICE' });
    expect(changesToMatchDraft(current, draft, new Set())).toEqual(changesToMatchDraft(current, draft));
  });
});

describe('sameLink', () => {
  it('compares type, URL (normalised) and name', () => {
    const link = { type: 'REPOSITORY' as const, url: 'https://github.com/acme/x' };
    expect(sameLink(link, { ...link, url: 'HTTPS://GitHub.com/acme/x/' })).toBe(true);
    expect(sameLink(link, { ...link, url: 'https://github.com/ACME/x' })).toBe(false);
    expect(sameLink(link, { ...link, type: 'DOCUMENT' })).toBe(false);
    expect(sameLink(link, { ...link, name: 'Repo' })).toBe(false);
  });
});
