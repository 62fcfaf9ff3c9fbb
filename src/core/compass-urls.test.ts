import { compassComponentUrl, siteOrigin } from './compass-urls';

describe('siteOrigin', () => {
  it('takes an https site, or http on loopback (the sandbox), as its origin', () => {
    expect(siteOrigin('https://acme.atlassian.net')).toBe('https://acme.atlassian.net');
    expect(siteOrigin('https://acme.atlassian.net/')).toBe('https://acme.atlassian.net');
    expect(siteOrigin('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
  });

  it('refuses anything that is not a site address', () => {
    for (const address of [
      'http://acme.atlassian.net',
      'javascript:alert(1)',
      'https://user:secret@acme.atlassian.net',
      'https://acme.atlassian.net/wiki',
      'https://acme.atlassian.net/?q=1',
      'acme.atlassian.net',
      '',
    ]) {
      expect(siteOrigin(address)).toBeUndefined();
    }
  });

  it('gives component links the page builds too', () => {
    const ari = 'ari:cloud:compass:site:component/ws/9b1c';
    expect(compassComponentUrl(siteOrigin('https://acme.atlassian.net/'), ari)).toBe(
      'https://acme.atlassian.net/compass/component/9b1c',
    );
  });
});
