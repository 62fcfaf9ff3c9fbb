import type { CompassComponentSummary } from '../ports';
import { adoptableComponents, matchForAdoption, type AdoptingEntity } from './adoption-match';

const repo = (url: string) => ({ type: 'REPOSITORY' as const, url });
const component = (
  id: string,
  name: string,
  repositories: string[] = [],
  externalSources: string[] = [],
): CompassComponentSummary => ({ id, name, links: repositories.map(repo), externalSources });
const entity = (name: string, repositories: string[] = []): AdoptingEntity => ({
  entityRef: `component:default/${name.toLowerCase().replace(/\s+/g, '-')}`,
  name,
  links: [{ type: 'OTHER_LINK', url: `https://backstage.example/${name}` }, ...repositories.map(repo)],
});

describe('matchForAdoption', () => {
  it('matches by repository link (normalised: host case, trailing slash) before the name, and leaves aliased components alone', () => {
    const components = adoptableComponents([
      component('c1', 'Card vault', ['https://GitHub.com/acme/card-tokenizer/']),
      component('c2', 'ledger', []),
      component('c3', 'payments', ['https://github.com/acme/payments'], ['backstage']),
      component('c4', 'Payments', [], ['pagerduty']),
    ]);
    const matches = matchForAdoption(
      [
        entity('card-tokenizer', ['https://github.com/acme/card-tokenizer']),
        entity('Ledger'),
        entity('payments', ['https://github.com/acme/payments']),
        entity('unmatched', ['https://github.com/acme/other']),
      ],
      components,
    );
    expect(matches).toEqual([
      {
        entityRef: 'component:default/card-tokenizer',
        match: 'repository',
        components: [
          { id: 'c1', name: 'Card vault', repositories: ['https://github.com/acme/card-tokenizer'] },
        ],
      },
      {
        entityRef: 'component:default/ledger',
        match: 'name',
        components: [{ id: 'c2', name: 'ledger', repositories: [] }],
      },
      // c3 has the backstage alias (another entity's); c4 has only another tool's alias: asked by name.
      {
        entityRef: 'component:default/payments',
        match: 'name',
        components: [{ id: 'c4', name: 'Payments', repositories: [] }],
      },
    ]);
  });

  it('a repository path differs by case: no repository match', () => {
    const components = adoptableComponents([component('c1', 'vault', ['https://github.com/acme/Vault'])]);
    expect(matchForAdoption([entity('card', ['https://github.com/acme/vault'])], components)).toEqual([]);
  });

  it('two components of one repository: only the one with the entity’s name is a repository match', () => {
    const components = adoptableComponents([
      component('c1', 'api', ['https://github.com/acme/mono']),
      component('c2', 'worker', ['https://github.com/acme/mono']),
    ]);
    expect(
      matchForAdoption(
        [
          entity('worker', ['https://github.com/acme/mono']),
          entity('cron', ['https://github.com/acme/mono']),
        ],
        components,
      ),
    ).toEqual([{ entityRef: 'component:default/worker', match: 'repository', components: [components[1]] }]);
  });

  it('two entities of one repository (a monorepo): the component goes to the one of its name, never to both', () => {
    const components = adoptableComponents([
      component('c1', 'payments-api', ['https://github.com/acme/payments']),
    ]);
    const matches = matchForAdoption(
      [
        entity('payments-worker', ['https://github.com/acme/payments']),
        entity('payments-api', ['https://github.com/acme/payments']),
      ],
      components,
    );
    expect(matches).toEqual([
      { entityRef: 'component:default/payments-api', match: 'repository', components },
    ]);
  });

  it('a monorepo component no entity is named after is not adopted by repository', () => {
    const components = adoptableComponents([
      component('c1', 'payments', ['https://github.com/acme/payments']),
    ]);
    expect(
      matchForAdoption(
        [
          entity('a', ['https://github.com/acme/payments']),
          entity('b', ['https://github.com/acme/payments']),
        ],
        components,
      ),
    ).toEqual([]);
  });

  it('two components of the same name are both offered, and asked (never a repository match)', () => {
    const components = adoptableComponents([component('c1', 'Billing'), component('c2', 'billing')]);
    expect(matchForAdoption([entity('billing')], components)).toEqual([
      { entityRef: 'component:default/billing', match: 'name', components },
    ]);
  });

  it('a component adopted by repository is not offered to another entity by name', () => {
    const components = adoptableComponents([component('c1', 'ledger', ['https://github.com/acme/ledger'])]);
    expect(
      matchForAdoption(
        [entity('ledger-service', ['https://github.com/acme/ledger']), entity('ledger')],
        components,
      ),
    ).toEqual([{ entityRef: 'component:default/ledger-service', match: 'repository', components }]);
  });
});
