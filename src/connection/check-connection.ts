// One cheap authenticated catalog request: is the Backstage connection usable right now?
import { BackstageCatalogError } from '../backstage/backstage-errors';
import type { BackstageCatalog } from '../core/ports';

export type ConnectionHealth =
  | { ok: true; checkedAt: string; totalEntities: number }
  | { ok: false; checkedAt: string; error: { kind: string; message: string } };

export async function checkConnection(
  catalog: BackstageCatalog,
  now: () => Date = () => new Date(),
): Promise<ConnectionHealth> {
  const checkedAt = now().toISOString();
  try {
    const page = await catalog.queryEntitiesPage({ fields: ['kind'], pageSize: 1 });
    return { ok: true, checkedAt, totalEntities: page.totalItems };
  } catch (error) {
    // The catalog client's errors are in the app's words; anything else is not shown as it is.
    if (error instanceof BackstageCatalogError) {
      return { ok: false, checkedAt, error: { kind: error.kind, message: error.message } };
    }
    return {
      ok: false,
      checkedAt,
      error: {
        kind: 'unexpected',
        message: 'The connection check failed in the app before Backstage answered.',
      },
    };
  }
}
