// Who may link a component from the panel. Forge's resolver context says who is calling (accountId) but not
// whether they are a site or Compass admin: `userAccess` in @forge/bridge's FullContext is about app licensing,
// not admin rights. So admin-ness is what the app has seen: the account ids recorded when someone used the
// admin page (only admins can open a compass:adminPage) and whoever started the last import.
// UNVERIFIED alternative: asking Compass on the user's behalf (asUser) for a permission; not wired.
import type { KeyValueStore } from '../core/ports';
import { adminAccountsStore } from '../storage/admin-accounts-store';
import { runStore } from '../storage/run-store';

export interface AdminCheck {
  /** True when the caller may link a component to an entity. */
  canLink(): Promise<boolean>;
}

/** For the admin resolver: remember that this account used the admin page (so it may link from the panel). */
export async function recordAdminAccount(store: KeyValueStore, accountId: string | undefined): Promise<void> {
  if (!accountId) return;
  const accounts = adminAccountsStore(store);
  const known = await accounts.load();
  if (known.includes(accountId)) return;
  await accounts.save([accountId, ...known]);
}

/** The admin check from the app's state, for the account id Forge puts in the resolver context. */
export function recordedAdminCheck(store: KeyValueStore, accountId: string | undefined): AdminCheck {
  return {
    async canLink() {
      if (!accountId) return false;
      const [known, run] = await Promise.all([adminAccountsStore(store).load(), runStore(store).load()]);
      return known.includes(accountId) || run?.startedBy === accountId;
    },
  };
}
