import type { Entity } from '@backstage/catalog-model';
import { buildComponent, relation } from '../mapping/testing/entity-builders';
import { entityContentHash } from './entity-content-hash';

const SERVED: Entity = {
  ...buildComponent('payment-gateway', {
    title: 'Payment Gateway',
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/managed-by-location': 'file:/catalog/components.yaml',
    },
    spec: { providesApis: ['payments-api'] },
    relations: [relation('providesApi', 'api:default/payments-api')],
  }),
};
SERVED.metadata = { ...SERVED.metadata, uid: 'a1', etag: 'e1', generation: 1 };

function changed(patch: (entity: Entity) => Entity): string {
  return entityContentHash(patch(structuredClone(SERVED)));
}

describe('entityContentHash', () => {
  const base = entityContentHash(SERVED);

  it('ignores what Backstage rewrites on its own: uid, etag, generation, relations, status, the orphan mark', () => {
    expect(
      changed((e) => ({ ...e, metadata: { ...e.metadata, uid: 'a2', etag: 'e2', generation: 7 } })),
    ).toBe(base);
    expect(
      changed((e) => ({
        ...e,
        relations: [...(e.relations ?? []), relation('dependencyOf', 'component:default/x')],
      })),
    ).toBe(base);
    expect(
      changed((e) => ({ ...e, status: { items: [{ level: 'error', type: 't', message: 'm' }] } }) as Entity),
    ).toBe(base);
    expect(
      changed((e) => ({
        ...e,
        metadata: {
          ...e.metadata,
          annotations: { ...e.metadata.annotations, 'backstage.io/orphan': 'true' },
        },
      })),
    ).toBe(base);
  });

  it('ignores the order of keys', () => {
    const reordered = {
      spec: SERVED.spec,
      metadata: { ...SERVED.metadata },
      kind: SERVED.kind,
      apiVersion: SERVED.apiVersion,
    };
    expect(entityContentHash(reordered as Entity)).toBe(base);
  });

  it('changes with the entity own content: metadata, annotations, spec', () => {
    const hashes = [
      changed((e) => ({ ...e, metadata: { ...e.metadata, title: 'Gateway' } })),
      changed((e) => ({
        ...e,
        metadata: { ...e.metadata, annotations: { ...e.metadata.annotations, 'x.example/a': '1' } },
      })),
      changed((e) => ({ ...e, spec: { ...e.spec, lifecycle: 'deprecated' } })),
      changed((e) => ({ ...e, spec: { ...e.spec, providesApis: [] } })),
    ];
    expect(new Set([base, ...hashes]).size).toBe(hashes.length + 1);
  });

  it('never throws for an entity without metadata or with odd annotations', () => {
    expect(() => entityContentHash({ apiVersion: 'v1', kind: 'Component' } as Entity)).not.toThrow();
    expect(() =>
      entityContentHash({ ...SERVED, metadata: { name: 'x', annotations: 'x' } } as unknown as Entity),
    ).not.toThrow();
  });
});
