// The Backstage instance a site imports from: its base URL (plain state) and its token (a secret that no
// resolver ever returns). One connection per installation.
import type { KeyValueStore } from '../core/ports';
import { InvalidRequestError } from '../core/invalid-request';
import { registerSecret } from '../core/redaction';
import {
  connectionStore,
  type BackstageConnectionSettings,
  type ConnectionCheck,
} from '../storage/connection-store';
import { backstageAddress } from './backstage-address';

/** What the admin page may see: never the token itself. */
export interface BackstageConnectionView {
  baseUrl?: string;
  token: { set: boolean; savedAt?: string };
  /** The saved connection's last test; absent when it was never tested. Only a passed test makes it verified. */
  lastTest?: ConnectionCheck;
}

export type { ConnectionCheck };

export interface BackstageConnection {
  baseUrl: string;
  token: string;
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
    throw new InvalidRequestError(
      'baseUrl',
      `"${trimmed}" is not a URL. Enter the Backstage backend's address, e.g. https://backstage.example.com`,
    );
  }
  if (url.username || url.password) {
    throw new InvalidRequestError(
      'baseUrl',
      'Remove the user name and password from the URL; put the token in the token field.',
    );
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && options.allowLoopbackHttp)) {
    throw new InvalidRequestError(
      'baseUrl',
      `The URL must start with https:// (Forge only fetches over HTTPS); got ${url.protocol.replace(':', '')}.`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidRequestError('baseUrl', 'Remove the query string or fragment from the URL.');
  }
  // The URL is also where the app links to entity pages, so the catalog API path the client adds is not kept twice.
  return backstageAddress(trimmed)!;
}

/** Static and service tokens are visible ASCII; JWTs run to a couple of kilobytes. */
const TOKEN_LIMITS = { min: 8, max: 4096 };

/** Checks a pasted token; returns it without surrounding whitespace. The message never quotes the token. */
export function normaliseToken(input: unknown): string {
  if (typeof input !== 'string') throw new InvalidRequestError('token', 'The token must be text.');
  const token = input.trim();
  if (!token)
    throw new InvalidRequestError('token', 'The token is empty. Paste a Backstage static or service token.');
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidRequestError(
      'token',
      'The token may only hold visible ASCII characters, with no spaces or line breaks inside. Paste it as one line.',
    );
  }
  if (token.length < TOKEN_LIMITS.min || token.length > TOKEN_LIMITS.max) {
    throw new InvalidRequestError(
      'token',
      `The token must be ${TOKEN_LIMITS.min} to ${TOKEN_LIMITS.max} characters long; this one is ${token.length}.`,
    );
  }
  return token;
}

/**
 * Saves the URL and, when given, the token. The saved token is only ever sent to the address it was saved for: a new
 * host or path needs the token again, so a URL alone that differs from the saved one is refused.
 * With `test`, the connection as entered is tested first and the outcome kept as its last test; with
 * `requirePassingTest` too, a failed test saves nothing (the admin page's "Save anyway" leaves it out).
 */
export async function saveConnection<Test extends ConnectionCheck>(
  store: KeyValueStore,
  input: { baseUrl: string; token?: string },
  options: {
    allowLoopbackHttp?: boolean;
    now?: () => Date;
    test?: (connection: BackstageConnection) => Promise<Test>;
    requirePassingTest?: boolean;
  } = {},
): Promise<BackstageConnectionView & { saved: boolean; test?: Test }> {
  if (typeof input.baseUrl !== 'string')
    throw new InvalidRequestError('baseUrl', "Enter the Backstage backend's address.");
  const baseUrl = normaliseBackstageUrl(input.baseUrl, options);
  const token = input.token === undefined ? undefined : normaliseToken(input.token);
  const saved = connectionStore(store);
  const previous = await saved.loadSettings();
  if (token === undefined && !previous?.tokenSavedAt) {
    throw new InvalidRequestError('token', 'A token is required the first time the connection is saved.');
  }
  if (token === undefined && savedBaseUrl(previous) !== baseUrl) {
    throw new InvalidRequestError(
      'token',
      'Enter the token again: the saved token is only sent to the address it was saved for.',
    );
  }
  if (token) registerSecret(token);
  let test: Test | undefined;
  if (options.test) {
    const testedToken = token ?? (await saved.loadToken());
    registerSecret(testedToken);
    test = await options.test({ baseUrl, token: testedToken ?? '' });
    if (!test.ok && options.requirePassingTest)
      return { ...(await getConnectionView(store)), saved: false, test };
  }
  let tokenSavedAt = previous?.tokenSavedAt;
  if (token) {
    await saved.saveToken(token);
    tokenSavedAt = (options.now ?? (() => new Date()))().toISOString();
  }
  await saved.saveSettings({
    baseUrl,
    ...(tokenSavedAt ? { tokenSavedAt } : {}),
    ...(test ? { lastTest: { ok: test.ok, checkedAt: test.checkedAt } } : {}),
  });
  return { ...(await getConnectionView(store)), saved: true, ...(test ? { test } : {}) };
}

/** Keeps the outcome of a test of the saved connection, so the page can tell a verified connection from the rest. */
export async function recordConnectionTest(store: KeyValueStore, check: ConnectionCheck): Promise<void> {
  const saved = connectionStore(store);
  const settings = await saved.loadSettings();
  if (!settings?.baseUrl) return;
  await saved.saveSettings({ ...settings, lastTest: { ok: check.ok, checkedAt: check.checkedAt } });
}

/** The saved URL; one saved before the app stopped keeping `/api/catalog` in it loses that suffix here. */
function savedBaseUrl(settings: BackstageConnectionSettings | undefined): string | undefined {
  return settings?.baseUrl ? (backstageAddress(settings.baseUrl) ?? settings.baseUrl) : undefined;
}

export async function getConnectionView(store: KeyValueStore): Promise<BackstageConnectionView> {
  const settings = await connectionStore(store).loadSettings();
  return {
    ...(settings?.baseUrl ? { baseUrl: savedBaseUrl(settings) } : {}),
    token: {
      set: Boolean(settings?.tokenSavedAt),
      ...(settings?.tokenSavedAt ? { savedAt: settings.tokenSavedAt } : {}),
    },
    ...(settings?.lastTest ? { lastTest: settings.lastTest } : {}),
  };
}

/** The connection with its token, for server-side use only; undefined until an admin has saved one. */
export async function loadConnection(store: KeyValueStore): Promise<BackstageConnection | undefined> {
  const settings = await connectionStore(store).loadSettings();
  if (!settings?.baseUrl) return undefined;
  const token = await connectionStore(store).loadToken();
  registerSecret(token);
  return token ? { baseUrl: savedBaseUrl(settings)!, token } : undefined;
}
