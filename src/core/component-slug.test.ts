import { slugForEntityRef } from './component-slug';

describe('slugForEntityRef', () => {
  it('is readable, stable and within Compass’s slug rules', () => {
    const slug = slugForEntityRef('component:default/payment-gateway');
    expect(slug).toMatch(/^payment-gateway-[0-9a-z]{7}$/);
    expect(slugForEntityRef('component:default/payment-gateway')).toBe(slug);
    expect(slugForEntityRef('api:default/payments-api')).toMatch(/^api-payments-api-[0-9a-z]{7}$/);
    expect(slugForEntityRef('resource:team.a/orders_db')).toMatch(/^resource-team-a-orders-db-[0-9a-z]{7}$/);
  });

  it('keeps refs that sanitise alike apart, and long refs within 64 characters', () => {
    expect(slugForEntityRef('component:default/a.b')).not.toBe(slugForEntityRef('component:default/a_b'));
    const long = slugForEntityRef(`component:default/${'x'.repeat(63)}`);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[0-9a-z-]+$/);
  });
});
