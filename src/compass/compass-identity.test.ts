// Compass's answers about people, asked as the user against the local Compass: names in batches of at most 90.
import { LocalCompass } from '../../sandbox/local-compass';
import { CompassIdentity } from './compass-identity';

describe('CompassIdentity.displayNames', () => {
  it('asks for at most 90 account ids a request, once per id, and names those Compass names', async () => {
    const people = Array.from({ length: 100 }, (_, i) => ({
      accountId: `account-${i}`,
      name: `Person ${i}`,
    }));
    const compass = new LocalCompass({ users: people });
    const identity = new CompassIdentity(compass.fetchApi().asUser('account-0').requestGraph);
    const asked = [...people.map((person) => person.accountId), 'account-0', 'unknown-account'];
    const names = await identity.displayNames(asked);
    expect(names.size).toBe(100);
    expect(names.get('account-42')).toBe('Person 42');
    expect(names.has('unknown-account')).toBe(false);
    expect(compass.stats().byOperation).toEqual({ BackstageForCompassUsers: 2 });
  });

  it('names nobody of a request Compass refuses, and asks nothing for nobody', async () => {
    const compass = new LocalCompass({ users: [{ accountId: 'a', name: 'A' }] });
    const identity = new CompassIdentity(compass.fetchApi().asUser('a').requestGraph);
    expect((await identity.displayNames([])).size).toBe(0);
    expect(compass.stats().requests).toBe(0);
    compass.injectFault({ match: 'BackstageForCompassUsers', kind: 'http-500' });
    expect((await identity.displayNames(['a'])).size).toBe(0);
  });
});
