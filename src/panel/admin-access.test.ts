import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { RUN_KEY } from '../storage/storage-keys';
import { ADMIN_ACCOUNTS_KEY } from '../storage/storage-keys';
import { recordAdminAccount, recordedAdminCheck } from './admin-access';

describe('who may link from the panel', () => {
  it('is an account seen on the admin page, or the one that started the last import; nobody without an id', async () => {
    const store = new InMemoryKeyValueStore();
    expect(await recordedAdminCheck(store, 'a1').canLink()).toBe(false);

    await recordAdminAccount(store, 'a1');
    await recordAdminAccount(store, 'a1');
    await recordAdminAccount(store, undefined);
    expect(await store.get(ADMIN_ACCOUNTS_KEY)).toEqual(['a1']);
    expect(await recordedAdminCheck(store, 'a1').canLink()).toBe(true);
    expect(await recordedAdminCheck(store, 'a2').canLink()).toBe(false);
    expect(await recordedAdminCheck(store, undefined).canLink()).toBe(false);

    await store.set(RUN_KEY, { startedBy: 'a2' });
    expect(await recordedAdminCheck(store, 'a2').canLink()).toBe(true);
  });

  it('keeps the 200 most recent admin accounts', async () => {
    const store = new InMemoryKeyValueStore();
    for (let i = 0; i < 205; i++) await recordAdminAccount(store, `account-${i}`);
    const known = (await store.get<string[]>(ADMIN_ACCOUNTS_KEY))!;
    expect(known).toHaveLength(200);
    expect(known[0]).toBe('account-204');
    expect(await recordedAdminCheck(store, 'account-0').canLink()).toBe(false);
  });
});
