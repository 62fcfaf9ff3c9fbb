import {
  backstageEntityPageUrl,
  backstageTechDocsUrl,
  identifyEntity,
  type EntityIdentity,
} from './entity-identity';
import { TEST_BACKSTAGE_WEB_URL, buildComponent, buildEntity } from './testing/entity-builders';

function identityOf(...args: Parameters<typeof identifyEntity>): EntityIdentity {
  const result = identifyEntity(...args);
  if (!result.ok) throw new Error(result.reason);
  return result.identity;
}

describe('identifyEntity', () => {
  it('gives the lower-cased kind:namespace/name ref, namespace defaulting to "default"', () => {
    expect(identityOf(buildComponent('Payment-Gateway')).entityRef).toBe('component:default/payment-gateway');
  });

  it('lower-cases kind and namespace too', () => {
    const identity = identityOf(buildEntity('API', 'Payments-API', { namespace: 'Finance' }));
    expect(identity).toEqual({
      entityRef: 'api:finance/payments-api',
      kind: 'API',
      namespace: 'Finance',
      name: 'Payments-API',
    });
  });

  it.each([
    ['no kind', { apiVersion: 'v1', metadata: { name: 'x' } }, 'kind', '<no kind>:default/x'],
    [
      'no name',
      { apiVersion: 'v1', kind: 'Component', metadata: {} },
      'metadata.name',
      'component:default/<no name>',
    ],
    [
      'an empty namespace',
      { apiVersion: 'v1', kind: 'Component', metadata: { name: 'x', namespace: ' ' } },
      'metadata.namespace',
      'component:<no namespace>/x',
    ],
    [
      'a non-string name',
      { apiVersion: 'v1', kind: 'Component', metadata: { name: 42 } },
      'metadata.name',
      'component:default/<no name>',
    ],
  ])('reports an entity with %s, with a best-effort label', (_case, entity, missing, label) => {
    const result = identifyEntity(entity as never);
    expect(result).toEqual({ ok: false, reason: `entity has no usable ${missing}`, label });
  });

  it('does not throw on an entity without metadata', () => {
    expect(identifyEntity({ apiVersion: 'v1', kind: 'Component' } as never).ok).toBe(false);
  });
});

describe('Backstage URLs', () => {
  const identity = identityOf(buildEntity('Component', 'Payment-Gateway', { namespace: 'Finance' }));

  it('points at the entity page with kind and namespace lower-cased, name as written', () => {
    expect(backstageEntityPageUrl(TEST_BACKSTAGE_WEB_URL, identity)).toBe(
      `${TEST_BACKSTAGE_WEB_URL}/catalog/finance/component/Payment-Gateway`,
    );
  });

  it('points at the TechDocs site the same way', () => {
    expect(backstageTechDocsUrl(TEST_BACKSTAGE_WEB_URL, identity)).toBe(
      `${TEST_BACKSTAGE_WEB_URL}/docs/finance/component/Payment-Gateway`,
    );
  });
});
