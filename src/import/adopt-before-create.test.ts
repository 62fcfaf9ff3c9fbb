// Adopting before creating, end to end: the real Backstage catalog, the app's gateway against the local Compass
// (where components made by hand have no `backstage` alias), the engine through the in-process queue.
import { createHandMadeComponent } from '../compass/testing/hand-made-component';
import { adoptionStore } from '../storage/adoption-store';
import { entityStore } from '../storage/entity-store';
import { getImportResults } from './import-status';
import type { EntityResult } from './import-run';
import { importHarness, type ImportHarness } from './testing/import-harness';

const CARD_TOKENIZER = 'component:default/card-tokenizer';
const PAYOUTS_WORKER = 'component:default/payouts-worker';

async function resultOf(harness: ImportHarness, entityRef: string): Promise<EntityResult | undefined> {
  const found: EntityResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await getImportResults(harness.deps, { limit: 100, ...(cursor ? { cursor } : {}) });
    found.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return found.find((result) => result.entityRef === entityRef);
}

/** A fresh harness whose Compass already holds what people made by hand. */
async function withHandMade(): Promise<{ harness: ImportHarness; vault: string; payouts: string }> {
  const harness = importHarness();
  // Same repository as card-tokenizer (github.com/project-slug), spelled with a trailing slash.
  const vault = await createHandMadeComponent(harness.compass, {
    name: 'Card vault',
    repositories: ['https://github.com/brightpay-eng/card-tokenizer/'],
  });
  // Same name as payouts-worker, another case; no repository.
  const payouts = await createHandMadeComponent(harness.compass, { name: 'Payouts-Worker' });
  return { harness, vault, payouts };
}

describe('adopting existing components before creating', () => {
  it('adopts a repository match (alias attached, fields updated) and asks about a name match: no duplicate', async () => {
    const plain = importHarness();
    const fresh = await plain.importAll();

    const { harness, vault, payouts } = await withHandMade();
    const before = harness.compass.components().length;
    harness.compass.resetStats();
    const status = await harness.importAll();

    // One component fewer created than on an empty site for the adopted one, one for the entity asked about.
    expect(status).toMatchObject({ state: 'done', created: fresh.created - 2, failed: 0 });
    expect(harness.compass.components()).toHaveLength(before + fresh.created - 2);
    expect(harness.compass.findByAlias('backstage', CARD_TOKENIZER)?.id).toBe(vault);
    const adopted = harness.compass.component(vault)!;
    expect(adopted.name).toBe('card-tokenizer');
    expect(adopted.description).toMatch(/Swaps card numbers/);
    expect(await resultOf(harness, CARD_TOKENIZER)).toMatchObject({
      outcome: 'updated',
      componentId: vault,
      changedFields: expect.arrayContaining(['alias', 'name', 'description']),
      reason: 'Adopted the existing Compass component “Card vault” (same repository)',
    });
    expect((await entityStore(harness.store).loadStates([CARD_TOKENIZER])).get(CARD_TOKENIZER)).toMatchObject(
      {
        componentId: vault,
      },
    );

    // The name-only match is left alone, and the admin is asked.
    expect(harness.compass.findByAlias('backstage', PAYOUTS_WORKER)).toBeUndefined();
    expect(harness.compass.component(payouts)!.externalAliases).toEqual([]);
    expect(await resultOf(harness, PAYOUTS_WORKER)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/named “Payouts-Worker”.*Catalog tab/),
    });
    // The listing cost one request (one page), once for the whole run.
    expect(harness.compass.stats().byRootField['compass.searchComponents']).toBe(1);

    // The next import asks again (no decision yet) and creates nothing new.
    const again = await harness.importAll();
    expect(again).toMatchObject({ created: 0, failed: 0 });
    expect(harness.compass.components()).toHaveLength(before + fresh.created - 2);
  });

  it('follows the admin’s decision on a name match: adopt that component, or create a new one', async () => {
    const { harness, payouts } = await withHandMade();
    await adoptionStore(harness.store).saveDecisions([
      {
        entityRef: PAYOUTS_WORKER,
        decision: 'adopt',
        componentId: payouts,
        decidedAt: '2026-12-04T10:00:00Z',
      },
    ]);
    await harness.importAll();
    expect(harness.compass.findByAlias('backstage', PAYOUTS_WORKER)?.id).toBe(payouts);
    expect(harness.compass.component(payouts)!.name).toBe('payouts-worker');
    expect(await resultOf(harness, PAYOUTS_WORKER)).toMatchObject({
      outcome: 'updated',
      componentId: payouts,
      reason: 'Adopted the existing Compass component “Payouts-Worker” (as the admin decided)',
    });

    const other = await withHandMade();
    await adoptionStore(other.harness.store).saveDecisions([
      { entityRef: PAYOUTS_WORKER, decision: 'create', decidedAt: '2026-12-04T10:00:00Z' },
    ]);
    await other.harness.importAll();
    const created = other.harness.compass.findByAlias('backstage', PAYOUTS_WORKER);
    expect(created?.id).toBeDefined();
    expect(created?.id).not.toBe(other.payouts);
    expect(other.harness.compass.component(other.payouts)!.externalAliases).toEqual([]);
    expect(await resultOf(other.harness, PAYOUTS_WORKER)).toMatchObject({ outcome: 'created' });
  });

  it('an imported entity whose component was deleted in Compass is created again, not adopted', async () => {
    const harness = importHarness();
    await harness.importAll();
    const gone = harness.compass.findByAlias('backstage', CARD_TOKENIZER)!.id;
    await harness.compass
      .fetchApi()
      .asApp()
      .requestGraph(
        'mutation($input: DeleteCompassComponentInput!) { compass { deleteComponent(input: $input) { success } } }',
        { input: { id: gone } },
      );
    const vault = await createHandMadeComponent(harness.compass, {
      name: 'card-tokenizer',
      repositories: ['https://github.com/brightpay-eng/card-tokenizer'],
    });
    // The next run must look the entity up again: its stored content no longer matches.
    const states = entityStore(harness.store);
    const state = (await states.loadStates([CARD_TOKENIZER])).get(CARD_TOKENIZER)!;
    await states.saveStates([{ entityRef: CARD_TOKENIZER, state: { ...state, hash: 'stale' } }]);
    await harness.importAll();
    const created = harness.compass.findByAlias('backstage', CARD_TOKENIZER)!.id;
    expect([created === gone, created === vault]).toEqual([false, false]);
    expect(await resultOf(harness, CARD_TOKENIZER)).toMatchObject({ outcome: 'created' });
  });

  it('a first import into a site without components to adopt costs one listing request, and no more', async () => {
    const harness = importHarness();
    await harness.importAll();
    expect(harness.compass.stats().byRootField['compass.searchComponents']).toBe(1);
  });
});
