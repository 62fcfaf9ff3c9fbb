// Where the Backstage connection is kept: the base URL as plain state, the token as a secret.
import type { KeyValueStore } from '../core/ports';
import { CONNECTION_KEY, TOKEN_SECRET_KEY } from './storage-keys';

/** The outcome of the last connection test; absent on a connection saved before tests were kept. */
export interface ConnectionCheck {
  ok: boolean;
  checkedAt: string;
}

export interface BackstageConnectionSettings {
  baseUrl: string;
  tokenSavedAt?: string;
  lastTest?: ConnectionCheck;
}

export function connectionStore(store: KeyValueStore) {
  return {
    loadSettings: () => store.get<BackstageConnectionSettings>(CONNECTION_KEY),
    saveSettings: (settings: BackstageConnectionSettings) =>
      store.set<BackstageConnectionSettings>(CONNECTION_KEY, settings),
    loadToken: () => store.getSecret<string>(TOKEN_SECRET_KEY),
    saveToken: (token: string) => store.setSecret(TOKEN_SECRET_KEY, token),
  };
}
