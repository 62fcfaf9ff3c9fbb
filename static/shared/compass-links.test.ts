import { compassComponentUrl, compassSiteUrl, compassTeamUrl } from './compass-links';

const COMPONENT_ARI = 'ari:cloud:compass:0f2e9c4a:component/ws-1/9b1c2d3e-aaaa-bbbb-cccc-000000000001';

describe('compassSiteUrl', () => {
  it('is the view context’s site on Forge, and the page’s own origin when served from loopback (the sandbox)', () => {
    const forge = {
      hostname: 'abc.cdn.prod.atlassian-dev.net',
      origin: 'https://abc.cdn.prod.atlassian-dev.net',
    };
    expect(compassSiteUrl('https://acme.atlassian.net', forge)).toBe('https://acme.atlassian.net');
    expect(compassSiteUrl(undefined, forge)).toBeUndefined();
    expect(compassSiteUrl(42, forge)).toBeUndefined();
    const sandbox = { hostname: '127.0.0.1', origin: 'http://127.0.0.1:4100' };
    expect(compassSiteUrl('https://local-sandbox.atlassian.net', sandbox)).toBe('http://127.0.0.1:4100');
  });
});

describe('compassComponentUrl', () => {
  it('builds the component page URL from the site and the component ARI', () => {
    expect(compassComponentUrl('https://acme.atlassian.net/', COMPONENT_ARI)).toBe(
      'https://acme.atlassian.net/compass/component/9b1c2d3e-aaaa-bbbb-cccc-000000000001',
    );
    expect(compassComponentUrl('http://127.0.0.1:4100', COMPONENT_ARI)).toBe(
      'http://127.0.0.1:4100/compass/component/9b1c2d3e-aaaa-bbbb-cccc-000000000001',
    );
  });

  it('gives nothing without a site or for an id that is not a component ARI', () => {
    expect(compassComponentUrl(undefined, 'ari:cloud:compass:c:component/w/x')).toBeUndefined();
    expect(compassComponentUrl('https://acme.atlassian.net', 'not-an-ari')).toBeUndefined();
  });
});

describe('compassTeamUrl', () => {
  it('builds the team page URL from a team ARI or a bare id', () => {
    expect(compassTeamUrl('https://acme.atlassian.net', 'ari:cloud:identity::team/t-9')).toBe(
      'https://acme.atlassian.net/compass/people/team/t-9',
    );
    expect(compassTeamUrl('https://acme.atlassian.net/', 't-9')).toBe(
      'https://acme.atlassian.net/compass/people/team/t-9',
    );
    expect(compassTeamUrl(undefined, 't-9')).toBeUndefined();
  });
});
