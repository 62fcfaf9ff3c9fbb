// The one check for a URL taken from Backstage before it is stored in Compass or shown on a page: http(s) only, and
// no user name or password (authors paste `https://user:token@…`; storing or showing it would spread the secret).

export type WebUrlProblem = 'not-a-url' | 'not-http' | 'has-credentials';

export type WebUrlCheck = { ok: true; url: URL } | { ok: false; problem: WebUrlProblem; url?: URL };

export function checkWebUrl(raw: string): WebUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  // Checked before the scheme, so that an `ftp://user:pass@…` is reported (and quoted) as carrying credentials.
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'has-credentials', url };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: 'not-http', url };
  return { ok: true, url };
}

/** The URL as it may be shown, or undefined when `checkWebUrl` refuses it. */
export function webUrlOrUndefined(raw: string): string | undefined {
  const checked = checkWebUrl(raw);
  return checked.ok ? checked.url.href : undefined;
}
