import { BackstageCatalogError } from './backstage-errors';
import { catalogApiUrl } from './catalog-api-url';

describe('catalogApiUrl', () => {
  it.each([
    ['https://backstage.example.com', 'https://backstage.example.com/api/catalog'],
    ['  https://backstage.example.com///  ', 'https://backstage.example.com/api/catalog'],
    ['https://backstage.example.com/api/catalog', 'https://backstage.example.com/api/catalog'],
    ['https://backstage.example.com/API/Catalog/', 'https://backstage.example.com/api/catalog'],
    ['https://example.com/portal/', 'https://example.com/portal/api/catalog'],
    ['http://127.0.0.1:7007/', 'http://127.0.0.1:7007/api/catalog'],
    ['https://user:secret@backstage.example.com?x=1#top', 'https://backstage.example.com/api/catalog'],
  ])('%s → %s', (input, expected) => {
    expect(catalogApiUrl(input)).toBe(expected);
  });

  it.each(['backstage.example.com', 'ftp://backstage.example.com', ''])(
    'rejects %j as invalid-base-url',
    (input) => {
      expect(() => catalogApiUrl(input)).toThrow(BackstageCatalogError);
      try {
        catalogApiUrl(input);
      } catch (error) {
        expect((error as BackstageCatalogError).kind).toBe('invalid-base-url');
      }
    },
  );
});
