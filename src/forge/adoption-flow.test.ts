// Adopting existing Compass components from the admin page, as Forge runs the resolver (only the platform at its
// edge doubled: @forge/kvs real over the sandbox's storage service, @forge/api to the real Backstage and the local
// Compass, @forge/events to the in-process queue whose consumer is the app's importWorker).
jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());

import { createHandMadeComponent } from '../compass/testing/hand-made-component';
import { adminCaller, forgeAppOnEdge } from './testing/forge-app-on-edge';

const { compass, queue, backstage, adminContext: context } = forgeAppOnEdge();
const { call, admin } = adminCaller(context);

interface Candidates {
  checkedAt: string;
  candidates: {
    entityRef: string;
    entityTitle?: string;
    componentId: string;
    componentName: string;
    match: string;
    decision?: string;
  }[];
}

const CARD_TOKENIZER = 'component:default/card-tokenizer';
const PAYOUTS_WORKER = 'component:default/payouts-worker';
const LEDGER = 'component:default/ledger-service';

describe('adopting existing components from the admin page', () => {
  let vault: string;
  let payouts: string;
  let ledger: string;

  beforeAll(async () => {
    await admin('saveConnection', { baseUrl: backstage.baseUrl, token: backstage.token });
    vault = await createHandMadeComponent(compass, {
      name: 'Card vault',
      repositories: ['https://github.com/brightpay-eng/card-tokenizer'],
    });
    payouts = await createHandMadeComponent(compass, { name: 'PAYOUTS-WORKER' });
    ledger = await createHandMadeComponent(compass, { name: 'ledger' }); // ledger-service's title is "Ledger"
  });

  it('lists the candidates (repository, then name matches), shows them on the catalog preview, and keeps the check', async () => {
    const checked = await admin<Candidates>('getAdoptionCandidates', {});
    expect(checked.candidates).toEqual(
      expect.arrayContaining([
        { entityRef: CARD_TOKENIZER, componentId: vault, componentName: 'Card vault', match: 'repository' },
        { entityRef: PAYOUTS_WORKER, componentId: payouts, componentName: 'PAYOUTS-WORKER', match: 'name' },
        {
          entityRef: LEDGER,
          entityTitle: 'Ledger',
          componentId: ledger,
          componentName: 'ledger',
          match: 'name',
        },
      ]),
    );
    expect(checked.candidates).toHaveLength(3);

    // Kept: asked again without refresh, Compass is not listed again.
    compass.resetStats();
    expect(await admin<Candidates>('getAdoptionCandidates')).toEqual(checked);
    expect(compass.stats().requests).toBe(0);

    const preview = await admin<{ rows: { entityRef: string; adoption?: unknown }[] }>('previewCatalog', {
      search: 'card-tokenizer',
    });
    expect(preview.rows.find((row) => row.entityRef === CARD_TOKENIZER)?.adoption).toEqual({
      componentId: vault,
      componentName: 'Card vault',
      match: 'repository',
    });
    const others = await admin<{ rows: { entityRef: string; adoption?: unknown }[] }>('previewCatalog', {
      search: 'payment-gateway',
    });
    expect(others.rows.every((row) => row.adoption === undefined)).toBe(true);
  });

  it('refuses payloads it cannot take, naming the field', async () => {
    const refusals: [string, unknown, string][] = [
      ['getAdoptionCandidates', { refresh: 'yes' }, 'refresh'],
      ['getAdoptionCandidates', { other: true }, 'other'],
      ['getAdoptionCandidates', 'x', 'payload'],
      ['adoptComponents', {}, 'decisions'],
      ['adoptComponents', { decisions: [] }, 'decisions'],
      [
        'adoptComponents',
        { decisions: [{ entityRef: PAYOUTS_WORKER, decision: 'maybe' }] },
        'decisions.0.decision',
      ],
      ['adoptComponents', { decisions: [{ entityRef: 7, decision: 'create' }] }, 'decisions.0.entityRef'],
      [
        'adoptComponents',
        { decisions: Array.from({ length: 101 }, () => ({ entityRef: PAYOUTS_WORKER, decision: 'create' })) },
        'decisions',
      ],
      [
        'adoptComponents',
        {
          decisions: [
            { entityRef: LEDGER, decision: 'create' },
            { entityRef: PAYOUTS_WORKER, decision: 'adopt' },
          ],
        },
        'decisions.1.componentId',
      ],
    ];
    for (const [method, payload, field] of refusals) {
      const answer = await call(method, payload);
      expect({ method, payload, answer }).toMatchObject({
        method,
        payload,
        answer: { ok: false, error: { code: 'invalid-request', field } },
      });
    }
    // Nothing was decided by the refusals.
    const checked = await admin<Candidates>('getAdoptionCandidates');
    expect(checked.candidates.every((candidate) => candidate.decision === undefined)).toBe(true);
  });

  it('adopts on decision now, records "create", refuses a component that is not offered, and the import follows', async () => {
    const before = compass.components().length;
    const decided = await admin('adoptComponents', {
      decisions: [
        { entityRef: PAYOUTS_WORKER, componentId: payouts, decision: 'adopt' },
        { entityRef: LEDGER, decision: 'create' },
        { entityRef: 'component:default/fraud-scoring', componentId: vault, decision: 'adopt' },
      ],
    });
    expect(decided).toEqual({
      adopted: [{ entityRef: PAYOUTS_WORKER, componentId: payouts }],
      decided: 2,
      failed: [
        { entityRef: 'component:default/fraud-scoring', message: expect.stringMatching(/not a match/) },
      ],
    });
    expect(compass.findByAlias('backstage', PAYOUTS_WORKER)?.id).toBe(payouts);
    const left = await admin<Candidates>('getAdoptionCandidates');
    expect(left.candidates.map((c) => [c.entityRef, c.decision])).toEqual(
      expect.arrayContaining([
        [CARD_TOKENIZER, undefined],
        [LEDGER, 'create'],
      ]),
    );
    expect(left.candidates.some((c) => c.entityRef === PAYOUTS_WORKER)).toBe(false);

    await admin('startImport');
    await queue.runUntilIdle();
    const status = await admin<{ state: string; created: number; updated: number; skipped: number }>(
      'getImportStatus',
    );
    expect(status).toMatchObject({ state: 'done', created: 26, updated: 2 });
    // 28 entities: 26 created (the ledger anew, as decided), the vault and the payouts worker adopted: no duplicate.
    expect(compass.components()).toHaveLength(before + 26);
    expect(compass.findByAlias('backstage', CARD_TOKENIZER)?.id).toBe(vault);
    expect(compass.component(payouts)!.name).toBe('payouts-worker');
    expect(compass.findByAlias('backstage', LEDGER)?.id).not.toBe(ledger);
    expect(compass.component(ledger)!.externalAliases).toEqual([]);

    // Imported now: nothing is a candidate any more.
    expect((await admin<Candidates>('getAdoptionCandidates', { refresh: true })).candidates).toEqual([]);
  });
});
