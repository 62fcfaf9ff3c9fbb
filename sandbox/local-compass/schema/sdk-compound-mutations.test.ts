// The compound mutations the schema is built from (rebuilt in sdk-compound-mutations.ts, since the SDK does not
// export its generator) against what the real SDK sends when it creates and updates a component.
import { CompassLinkType, CompassRelationshipType } from '@atlassian/forge-graphql-types';
import { LocalCompass } from '../local-compass';
import { createSdkApi } from '../sdk';
import { sdkCompoundSegments } from './documents';
import { compoundMutation } from './sdk-compound-mutations';

afterEach(() => jest.restoreAllMocks());

describe('the compound mutations the schema is built from', () => {
  it('are, up to the random segment ids and whitespace, the ones the real SDK sends', async () => {
    const sent: string[] = [];
    const compass = new LocalCompass();
    const sdk = createSdkApi(compass).compass.asApp();
    // The SDK console.logs whole responses on every create and update.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    compass.injectFault({
      // Never matches: the predicate only records what the SDK sends.
      match: (request) => {
        if (request.operationName === 'compoundMutation') sent.push(request.query);
        return false;
      },
      kind: 'network',
      times: Infinity,
    });
    const bare = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'ledger-db',
      typeId: 'SERVICE',
    });
    const database = bare.data?.component?.id as string;
    const created = await sdk.createComponent({
      cloudId: compass.cloudId,
      name: 'Ledger',
      typeId: 'SERVICE',
      labels: ['old'],
      links: [{ type: CompassLinkType.Repository, url: 'https://github.com/acme/ledger' }],
      relationships: [{ type: CompassRelationshipType.DependsOn, nodeId: database }],
    });
    await sdk.updateComponent({
      id: created.data?.component?.id as string,
      typeId: 'application',
      description: 'Keeps the books',
      labels: ['new'],
      links: [{ type: CompassLinkType.OnCall, url: 'https://pagerduty.example.com/ledger' }],
      relationships: [],
    });

    const segments = sdkCompoundSegments();
    // GraphQL ignores whitespace, and the SDK joins its segments with its own.
    const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const query of sent) {
      const normalized = squash(query.replace(/\b(\w+)_\d+\b/g, '$1_0'));
      const fields = [...normalized.matchAll(/(\w+)_0: \w+\(input/g)].map((match) => match[1]!);
      expect(fields.every((field) => segments.has(field))).toBe(true);
      expect(normalized).toBe(squash(compoundMutation(fields.map((field) => segments.get(field)!))));
    }
  });
});
