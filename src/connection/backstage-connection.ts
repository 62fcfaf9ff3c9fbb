// The Backstage instance a site imports from: its base URL (plain state) and its token (a secret that no
// resolver ever returns). One connection per installation.
import type { KeyValueStore } from '../core/ports';

const CONNECTION_KEY = 'backstage-connection';
const TOKEN_SECRET_KEY = 'backstage-token';

export interface BackstageConnectionSettings {
  baseUrl: string;
  tokenSavedAt?: string;
}

/** What the admin page may see: never the token itself. */
export interface BackstageConnectionView {
  baseUrl?: string;
  token: { set: boolean; savedAt?: string };
}

export interface BackstageConnection {
  baseUrl: string;
  token: string;
}

export class ConnectionInputError extends Error {
  override readonly name = 'ConnectionInputError';
  constructor(
    readonly field: 'baseUrl' | 'token',
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an admin-entered Backstage URL and returns it normalised (no trailing slash, no query or fragment).
 * Forge fetch only speaks https; plain http is accepted for loopback hosts when `allowLoopbackHttp` (the sandbox).
 */
export function normaliseBackstageUrl(input: string, options: { allowLoopbackHttp?: boolean } = {}): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConnectionInputError(
      'baseUrl',
      `"${trimmed}" is not a URL. Enter the Backstage backend's address, e.g. https://backstage.example.com`,
    );
  }
  if (url.username || url.password) {
    throw new ConnectionInputError(
      'baseUrl',
      'Remove the user name and password from the URL; put the token in the token field.',
    );
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && options.allowLoopbackHttp)) {
    throw new ConnectionInputError(
      'baseUrl',
      `The URL must start with https:// (Forge only fetches over HTTPS); got ${url.protocol.replace(':', '')}.`,
    );
  }
  if (url.search || url.hash) {
    throw new ConnectionInputError('baseUrl', 'Remove the query string or fragment from the URL.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export async function saveConnection(
  store: KeyValueStore,
  input: { baseUrl: string; token?: string },
  options: { allowLoopbackHttp?: boolean; now?: () => Date } = {},
): Promise<BackstageConnectionView> {
  const baseUrl = normaliseBackstageUrl(input.baseUrl, options);
  const previous = await store.get<BackstageConnectionSettings>(CONNECTION_KEY);
  const token = input.token?.trim();
  if (input.token !== undefined && !token) {
    throw new ConnectionInputError('token', 'The token is empty. Paste a Backstage static or service token.');
  }
  if (token === undefined && !previous?.tokenSavedAt) {
    throw new ConnectionInputError('token', 'A token is required the first time the connection is saved.');
  }
  let tokenSavedAt = previous?.tokenSavedAt;
  if (token) {
    await store.setSecret(TOKEN_SECRET_KEY, token);
    tokenSavedAt = (options.now ?? (() => new Date()))().toISOString();
  }
  await store.set<BackstageConnectionSettings>(CONNECTION_KEY, {
    baseUrl,
    ...(tokenSavedAt ? { tokenSavedAt } : {}),
  });
  return getConnectionView(store);
}

export async function getConnectionView(store: KeyValueStore): Promise<BackstageConnectionView> {
  const settings = await store.get<BackstageConnectionSettings>(CONNECTION_KEY);
  return {
    ...(settings?.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    token: {
      set: Boolean(settings?.tokenSavedAt),
      ...(settings?.tokenSavedAt ? { savedAt: settings.tokenSavedAt } : {}),
    },
  };
}

/** The connection with its token, for server-side use only; undefined until an admin has saved one. */
export async function loadConnection(store: KeyValueStore): Promise<BackstageConnection | undefined> {
  const settings = await store.get<BackstageConnectionSettings>(CONNECTION_KEY);
  if (!settings?.baseUrl) return undefined;
  const token = await store.getSecret<string>(TOKEN_SECRET_KEY);
  return token ? { baseUrl: settings.baseUrl, token } : undefined;
}
