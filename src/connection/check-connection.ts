// One cheap authenticated catalog request: is the Backstage connection usable right now?
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
    const kind = (error as { kind?: unknown }).kind;
    return {
      ok: false,
      checkedAt,
      error: { kind: typeof kind === 'string' ? kind : 'unexpected', message: (error as Error).message },
    };
  }
}
