import { componentIdFrom } from './component-context';

const COMPONENT_ARI = 'ari:cloud:compass:00000000-0000-4000-8000-000000000000:component/a/b';

describe('componentIdFrom', () => {
  it('reads extension.component.id', () => {
    expect(componentIdFrom({ extension: { component: { id: COMPONENT_ARI } } })).toBe(COMPONENT_ARI);
  });

  it('reads extension.componentId when there is no component object', () => {
    expect(componentIdFrom({ extension: { componentId: COMPONENT_ARI } })).toBe(COMPONENT_ARI);
  });

  it('prefers extension.component.id when both are there', () => {
    expect(
      componentIdFrom({ extension: { component: { id: 'from-component' }, componentId: 'from-field' } }),
    ).toBe('from-component');
  });

  it.each([
    [{}],
    [{ extension: null }],
    [{ extension: { component: null } }],
    [{ extension: { component: { id: '' }, componentId: 42 } }],
  ])('finds no id in %p', (context) => {
    expect(componentIdFrom(context)).toBeUndefined();
  });
});
