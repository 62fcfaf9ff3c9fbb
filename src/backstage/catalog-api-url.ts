// From the Backstage backend base URL a person types to the catalog API root the client calls.
import { BackstageCatalogError } from './backstage-errors';

const CATALOG_PATH = '/api/catalog';

/**
 * `https://backstage.example.com/` → `https://backstage.example.com/api/catalog`. Tolerates trailing slashes and a
 * base URL that already ends in /api/catalog; keeps a path prefix (Backstage served under /portal, say).
 */
export function catalogApiUrl(backstageBaseUrl: string): string {
  const input = backstageBaseUrl.trim();
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BackstageCatalogError('invalid-base-url', `"${input}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BackstageCatalogError('invalid-base-url', `"${url.protocol}" is not http or https`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (path.toLowerCase().endsWith(CATALOG_PATH)) path = path.slice(0, -CATALOG_PATH.length);
  // Credentials in the URL would leak into messages and are not how Backstage authenticates: drop them.
  return `${url.protocol}//${url.host}${path}${CATALOG_PATH}`;
}
