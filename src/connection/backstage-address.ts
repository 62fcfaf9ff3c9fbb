// What "the same Backstage" means for the token: origin and path, without trailing slashes or the catalog API path
// the client adds itself. Pure and dependency-free, so the admin page judges a changed address exactly as the
// server does before it asks for the token again.

const CATALOG_API_PATH = /\/api\/catalog$/i;

/** The address a saved token belongs to, or undefined when the text is not a URL. */
export function backstageAddress(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(CATALOG_API_PATH, '')}`;
}
