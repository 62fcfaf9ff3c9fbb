// Where the accounts that used the admin page are kept (see src/panel/admin-access.ts), newest first.
import type { KeyValueStore } from '../core/ports';
import { ADMIN_ACCOUNTS_KEY } from './storage-keys';

export const MAX_RECORDED_ADMINS = 200;

export function adminAccountsStore(store: KeyValueStore) {
  return {
    load: async () => (await store.get<string[]>(ADMIN_ACCOUNTS_KEY)) ?? [],
    /** Keeps the first MAX_RECORDED_ADMINS. */
    save: (accountIds: string[]) => store.set(ADMIN_ACCOUNTS_KEY, accountIds.slice(0, MAX_RECORDED_ADMINS)),
  };
}
