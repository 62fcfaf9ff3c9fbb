import { afterRunSummary } from './run-summary';
import { buildImportStatus } from './testing/admin-data';

describe('the summary after a run', () => {
  it('says what was created, updated and linked, and that nothing needs attention on a clean run', () => {
    const summary = afterRunSummary(
      buildImportStatus({ state: 'done', created: 28, unchanged: 2, relationshipsAdded: 31 }),
    );
    expect(summary).toEqual({
      changed: '28 components created, 0 updated, 2 unchanged.',
      relationships: '31 relationships linked.',
      attention: [],
      next: 'Next: open the components in Compass. Import again whenever the catalog changes.',
    });
  });

  it('lists what needs attention and leads to the failures first', () => {
    const summary = afterRunSummary(
      buildImportStatus({
        state: 'done',
        created: 3,
        failed: 2,
        skipped: 1,
        withWarnings: 5,
        relationshipsAdded: 1,
        relationshipsRemoved: 2,
        relationshipsUnresolved: 4,
      }),
    );
    expect(summary.relationships).toBe('1 relationship linked, 2 removed.');
    expect(summary.attention).toEqual([
      '2 entities failed: see why in Results and retry them.',
      '1 entity was skipped: Results says why.',
      '5 entities were imported with warnings: Results lists them.',
      '4 relationships point at an entity with no Compass component.',
    ]);
    expect(summary.next).toBe('Next: open Results to see the failures and retry them.');
  });

  it('a cancelled run asks to start again', () => {
    const summary = afterRunSummary(buildImportStatus({ state: 'cancelled', created: 1 }));
    expect(summary.attention).toEqual(['The import was cancelled: start it again to import the rest.']);
    expect(summary.next).toBe('Next: start the import again.');
  });
});
