import { refParts } from './EntityRefText';

describe('refParts', () => {
  it('ends a part after each ":", "/" and ".", keeping every character', () => {
    expect(refParts('component:default/payment-gateway')).toEqual([
      'component:',
      'default/',
      'payment-gateway',
    ]);
    expect(refParts('api:labs/events.v2')).toEqual(['api:', 'labs/', 'events.', 'v2']);
    expect(refParts('plain-name')).toEqual(['plain-name']);
    expect(refParts('trailing/')).toEqual(['trailing/']);
  });
});
