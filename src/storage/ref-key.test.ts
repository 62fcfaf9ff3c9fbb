// Where an entity's state and results live in kvs: any ref must make a key kvs accepts (Forge's documented key
// pattern, at most 500 characters) that reads back as the same ref, and every ref that was storable before keeps
// exactly the key it had, so existing installs find their state.
import { refOfStateEntry } from './entity-store';
import { decodeRef, encodeRef, MAX_KEY_LENGTH } from './ref-key';
import { resultKey, STATE_PREFIX, stateKey } from './storage-keys';

// https://developer.atlassian.com/platform/forge/limits-kvs-ce
const FORGE_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const RUN_ID = '20261124100000000-1a2b3c4d';

/** The encoding every release so far used. */
const encodingUntilNow = (ref: string) => ref.replace(/\//g, '#');

describe('entity refs as kvs keys', () => {
  it.each([
    'component:default/payment-gateway',
    'api:default/ledger-api',
    'resource:payments/ledger-db',
    'component:team_a/my.service-2',
    'component:default/Mixed-Case_Name.v1',
    `component:${'n'.repeat(63)}/${'x'.repeat(63)}`,
  ])('a strict Backstage ref keeps the key it always had: %s', (ref) => {
    expect(encodeRef(ref)).toBe(encodingUntilNow(ref));
    expect(stateKey(ref)).toBe(`${STATE_PREFIX}${encodingUntilNow(ref)}`);
    expect(decodeRef(encodeRef(ref))).toBe(ref);
  });

  it.each([
    ['non-ASCII', 'component:default/über-service'],
    ['an emoji', 'component:default/rocket-🚀'],
    ['a right-to-left mark', 'component:default/a\u200fb'],
    ['a hash', 'component:default/c#sharp'],
    ['a space', 'component:default/two words'],
    ['a tab and a newline', 'component:default/a\tb\nc'],
    ['a lone surrogate', 'component:default/x\ud800y'],
    ['CJK', 'component:チーム/サービス'],
    ['only odd characters', 'ü:ü/ü'],
  ])('a ref with %s makes a key kvs accepts and reads back as the ref', (_, ref) => {
    for (const key of [stateKey(ref), resultKey(RUN_ID, ref)]) {
      expect(key).toMatch(FORGE_KEY_PATTERN);
      expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    }
    expect(decodeRef(stateKey(ref).slice(STATE_PREFIX.length))).toBe(ref);
    expect(encodeRef(ref)).not.toBe(encodingUntilNow(ref));
  });

  it('escapes a character as a space and its code point in six hex digits', () => {
    expect(encodeRef('component:default/über-service')).toBe('component:default# 0000fcber-service');
    expect(encodeRef('component:default/c#')).toBe('component:default#c 000023');
    expect(encodeRef('component:default/🚀')).toBe('component:default# 01f680');
  });

  it('different refs never share a key', () => {
    const refs = [
      'component:default/a#b',
      'component:default/a/b',
      'component:default/a b',
      'component:default/a 000023b',
      'component:default/a 00002fb',
    ];
    expect(new Set(refs.map(stateKey)).size).toBe(refs.length);
  });

  it('a ref too long for a key gets a hashed key; the ref is read back from the stored value', () => {
    const ref = `component:default/${'ü'.repeat(300)}`;
    const other = `component:default/${'ü'.repeat(299)}x`;
    const key = stateKey(ref);
    expect(key).toMatch(FORGE_KEY_PATTERN);
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(stateKey(other)).not.toBe(key);
    expect(resultKey(RUN_ID, ref).length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(decodeRef(key.slice(STATE_PREFIX.length))).toBeUndefined();
    expect(refOfStateEntry({ key, value: { entityRef: ref, componentId: 'c' } })).toBe(ref);
    expect(refOfStateEntry({ key, value: { componentId: 'c' } })).toBeUndefined();
    expect(refOfStateEntry({ key: stateKey('component:default/x'), value: {} })).toBe('component:default/x');
  });
});
