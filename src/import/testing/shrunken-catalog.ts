// Test wiring for a catalog that lost entities: the real Backstage behind the fault-injecting proxy, serving every
// entity but the ones a test hides, as a Backstage still loading after a restart does, or one whose entities were
// deleted.
import type { FaultInjectingProxy } from '../../backstage/testing/test-servers';

export type CatalogItem = { kind?: string; metadata?: { name?: string } } | null;

/**
 * Serve the catalog without the entities `hidden` picks: by-query lists (and counts, unless `keepTotal`) only the
 * rest, by-refs answers null for the hidden ones.
 */
export function serveWithout(
  proxy: FaultInjectingProxy,
  hidden: (item: NonNullable<CatalogItem>) => boolean,
  options: { keepTotal?: boolean } = {},
): void {
  proxy.setFault((request) => {
    if (request.url.includes('/entities/by-query')) {
      return {
        rewriteJson: (json) => {
          const page = json as { items: NonNullable<CatalogItem>[]; totalItems: number };
          const items = page.items.filter((item) => !hidden(item));
          const totalItems = options.keepTotal
            ? page.totalItems
            : page.totalItems - (page.items.length - items.length);
          return { ...page, items, totalItems };
        },
      };
    }
    if (request.url.includes('/entities/by-refs')) {
      return {
        rewriteJson: (json) => ({
          items: (json as { items: CatalogItem[] }).items.map((item) => (item && hidden(item) ? null : item)),
        }),
      };
    }
    return undefined;
  });
}

/** Picks entities by `kind:name` (`Resource:payments-db`). */
export function named(...refs: string[]): (item: NonNullable<CatalogItem>) => boolean {
  const wanted = new Set(refs.map((ref) => ref.toLowerCase()));
  return (item) => wanted.has(`${item.kind ?? ''}:${item.metadata?.name ?? ''}`.toLowerCase());
}
