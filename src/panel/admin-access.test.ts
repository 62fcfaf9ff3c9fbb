import { InMemoryKeyValueStore } from '../state/in-memory-key-value-store';
import { RUN_KEY } from '../storage/storage-keys';
import { ADMIN_ACCOUNTS_KEY } from '../storage/storage-keys';
import { LocalCompass } from '../../sandbox/local-compass';
import { CompassIdentity } from '../compass/compass-identity';
import { onLogLine } from '../core/log';
import { compassAdminCheck, recordAdminAccount, recordedAdminCheck } from './admin-access';

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

describe('who may link: Compass asked as the user first', () => {
  const ADMIN = 'account-admin';
  const VIEWER = 'account-viewer';

  async function setup() {
    const compass = new LocalCompass({
      users: [
        { accountId: ADMIN, name: 'Alex Admin', canEditComponents: true },
        { accountId: VIEWER, name: 'Val Viewer' },
      ],
    });
    const store = new InMemoryKeyValueStore();
    const created = await compass
      .fetchApi()
      .asApp()
      .requestGraph(
        `mutation { compass { createComponent(cloudId: "${compass.cloudId}", input: { name: "orders", typeId: "SERVICE" }) { componentDetails { id } } } }`,
      );
    const body = (await created.json()) as {
      data: { compass: { createComponent: { componentDetails: { id: string } } } };
    };
    const componentId = body.data.compass.createComponent.componentDetails.id;
    const lines: string[] = [];
    const stop = onLogLine((line) => lines.push(line));
    const check = (
      accountId: string | undefined,
      asking = compass.fetchApi().asUser(accountId).requestGraph,
    ) =>
      compassAdminCheck({
        accountId,
        componentId,
        compass: new CompassIdentity(asking),
        recorded: recordedAdminCheck(store, accountId),
      });
    const decisions = () =>
      lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === 'panel.link-permission')
        .map(({ rule, allowed, compassSilent }) => ({ rule, allowed, compassSilent }));
    return { compass, store, componentId, check, decisions, stop };
  }

  it('a Compass admin may link without ever having opened the admin page', async () => {
    const { check, decisions, stop } = await setup();
    expect(await check(ADMIN).canLink()).toBe(true);
    expect(decisions()).toEqual([{ rule: 'compass-permission', allowed: true }]);
    stop();
  });

  it('someone Compass does not let edit the component may not, even when recorded as an admin before', async () => {
    const { store, check, decisions, stop } = await setup();
    await recordAdminAccount(store, VIEWER);
    expect(await check(VIEWER).canLink()).toBe(false);
    expect(decisions()).toEqual([{ rule: 'compass-permission', allowed: false }]);
    stop();
  });

  it('when Compass says nothing, the recorded admins decide, and the log says so (no ids in it)', async () => {
    const { compass, store, check, decisions, stop } = await setup();
    const lines: string[] = [];
    const stopLines = onLogLine((line) => lines.push(line));
    compass.injectFault({
      match: 'BackstageForCompassComponentViewerPermissions',
      kind: 'graphql-error',
      times: 2,
    });
    await recordAdminAccount(store, VIEWER);
    expect(await check(VIEWER).canLink()).toBe(true);
    expect(await check(ADMIN).canLink()).toBe(false);
    compass.injectFault({ match: 'BackstageForCompassComponentViewerPermissions', kind: 'http-500' });
    expect(await check(ADMIN).canLink()).toBe(false);
    expect(decisions()).toEqual([
      { rule: 'recorded-admins', allowed: true, compassSilent: 'unexpected' },
      { rule: 'recorded-admins', allowed: false, compassSilent: 'unexpected' },
      { rule: 'recorded-admins', allowed: false, compassSilent: 'server-error' },
    ]);
    expect(lines.join('\n')).not.toMatch(/account-|ari:cloud/);
    stopLines();
    stop();
  });

  it('when the permission field is absent (a site without the experimental field), the recorded admins decide', async () => {
    const { store, check, decisions, stop } = await setup();
    await recordAdminAccount(store, ADMIN);
    const withoutField = async () =>
      Response.json({
        data: { compass: { component: { __typename: 'CompassComponent', viewerPermissions: null } } },
      });
    expect(await check(ADMIN, withoutField).canLink()).toBe(true);
    expect(await check(VIEWER, withoutField).canLink()).toBe(false);
    expect(decisions().map((decision) => decision.compassSilent)).toEqual(['field-absent', 'field-absent']);
    stop();
  });

  it('asks Compass once per check, and nobody without an account id may link', async () => {
    const { compass, check, stop } = await setup();
    compass.resetStats();
    const admin = check(ADMIN);
    expect([await admin.canLink(), await admin.canLink()]).toEqual([true, true]);
    expect(await check(undefined).canLink()).toBe(false);
    expect(compass.stats().requests).toBe(1);
    stop();
  });
});
