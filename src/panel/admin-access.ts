// Who may link a component from the panel: whoever Compass lets edit that component. Forge's resolver context
// says who is calling (accountId) but not what they may do (`userAccess` in @forge/bridge's FullContext is about
// app licensing), so the panel asks Compass as the user for the component's `viewerPermissions.edit` (linking
// writes the component's external alias: an edit). Compass admins may edit every component, so they are
// recognised without ever opening the admin page. Where Compass does not answer (an error, a QueryError, the
// experimental field absent, a scope the site refuses: UNVERIFIED on a live site), today's rule decides: the
// accounts seen on the admin page (only admins can open a compass:adminPage) and whoever started the last import.
import type { PermissionAnswer } from '../compass/compass-identity';
import { log } from '../core/log';
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

export interface ComponentPermissions {
  canEditComponent(componentId: string): Promise<PermissionAnswer>;
}

/**
 * Compass's answer for the caller on this component; the recorded rule only where Compass says nothing. Logs one
 * line (no account or component id) naming the rule that decided. Asks once per check.
 */
export function compassAdminCheck(options: {
  accountId: string | undefined;
  componentId: unknown;
  compass: ComponentPermissions;
  recorded: AdminCheck;
}): AdminCheck {
  let decision: Promise<boolean> | undefined;
  const decide = async (): Promise<boolean> => {
    if (!options.accountId) {
      log.info('panel.link-permission', { rule: 'no-caller', allowed: false });
      return false;
    }
    const answer: PermissionAnswer =
      typeof options.componentId === 'string' && options.componentId !== ''
        ? await options.compass.canEditComponent(options.componentId)
        : { answered: false, reason: 'no-component' };
    if (answer.answered) {
      log.info('panel.link-permission', { rule: 'compass-permission', allowed: answer.allowed });
      return answer.allowed;
    }
    const allowed = await options.recorded.canLink();
    log.info('panel.link-permission', { rule: 'recorded-admins', compassSilent: answer.reason, allowed });
    return allowed;
  };
  return {
    canLink() {
      decision ??= decide();
      return decision;
    },
  };
}
