import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FIXTURE_CATALOG_DIR, FIXTURE_REJECTED_ENTITIES } from '../../sandbox/backstage/fixture-catalog';
import { bestEffortEntityRef, checkEntity } from './entity-validation';

function documentsOf(file: string): unknown[] {
  return parseAllDocuments(readFileSync(path.join(FIXTURE_CATALOG_DIR, file), 'utf8')).map((d) => d.toJS());
}

describe('checkEntity', () => {
  it('rejects each broken fixture entity for the reason the real backend logs', async () => {
    const broken = documentsOf('broken.yaml');
    const checks = await Promise.all(broken.map(checkEntity));
    const rejectedByValidation = FIXTURE_REJECTED_ENTITIES.filter(
      (e) => !e.entityRef.startsWith('template:'),
    );
    expect(checks.map((check) => (check.valid ? 'valid' : check.entityRef))).toEqual(
      rejectedByValidation.map((e) => e.entityRef),
    );
    for (const [index, check] of checks.entries()) {
      expect(check.valid ? '' : check.reason).toMatch(rejectedByValidation[index]?.logged ?? /never/);
    }
  });

  it('accepts every entity of the valid fixture files', async () => {
    const files = ['org.yaml', 'systems.yaml', 'resources.yaml', 'apis.yaml', 'components.yaml'];
    const checks = await Promise.all(files.flatMap(documentsOf).map(checkEntity));
    expect(checks.filter((check) => !check.valid)).toEqual([]);
  });

  it('accepts a served entity with relations and status, which the plain envelope policy would call foreign', async () => {
    const check = await checkEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'a', uid: '0b1c', etag: 'e1' },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
      status: { items: [] },
    });
    expect(check.valid).toBe(true);
  });

  it('checks kinds without a built-in validator against the generic rules only', async () => {
    const template = documentsOf('rejected-kind.yaml')[0];
    expect((await checkEntity(template)).valid).toBe(true);
    const unnamed = await checkEntity({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {} });
    expect(unnamed).toEqual({
      valid: false,
      entityRef: 'widget:default/unnamed',
      reason: expect.any(String),
    });
  });

  it('never throws, whatever it is given', async () => {
    for (const raw of [null, 42, 'text', [], { kind: 7 }]) {
      const check = await checkEntity(raw);
      expect(check.valid).toBe(false);
    }
    expect(bestEffortEntityRef(null)).toBe('unknown-kind:default/unnamed');
    expect(bestEffortEntityRef({ kind: 'API', metadata: { name: 'x', namespace: 'ops' } })).toBe('api:ops/x');
  });
});
