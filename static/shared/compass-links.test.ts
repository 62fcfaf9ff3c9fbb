import { compassComponentUrl } from './compass-links';

describe('compassComponentUrl', () => {
  it('builds the component page URL from the site and the component ARI', () => {
    expect(
      compassComponentUrl(
        'https://acme.atlassian.net/',
        'ari:cloud:compass:0f2e9c4a:component/ws-1/9b1c2d3e-aaaa-bbbb-cccc-000000000001',
      ),
    ).toBe('https://acme.atlassian.net/compass/component/9b1c2d3e-aaaa-bbbb-cccc-000000000001');
  });

  it('gives nothing without a site or for an id that is not a component ARI', () => {
    expect(compassComponentUrl(undefined, 'ari:cloud:compass:c:component/w/x')).toBeUndefined();
    expect(compassComponentUrl('https://acme.atlassian.net', 'not-an-ari')).toBeUndefined();
  });
});
