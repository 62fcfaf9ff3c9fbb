import { MAPPING_WARNING_CODES } from '../../src/core/mapping-warning';
import { COMPASS_COMPONENT_TYPES } from '../../src/core/compass-component-draft';
import {
  compassTypeTitle,
  fieldLabel,
  outcomeTitle,
  personName,
  sentenceCase,
  warningTitle,
} from './plain-words';

describe('plain words', () => {
  it('titles every warning code without showing the code', () => {
    for (const code of MAPPING_WARNING_CODES) {
      const title = warningTitle(code);
      expect(title).not.toContain('-');
      expect(title).not.toBe(code);
    }
    expect(warningTitle('owner-unmapped')).toBe('Owner not mapped to a team');
  });

  it('titles every Compass type in sentence case', () => {
    for (const type of COMPASS_COMPONENT_TYPES) expect(compassTypeTitle(type)).not.toMatch(/_/);
    expect(compassTypeTitle('MACHINE_LEARNING_MODEL')).toBe('Machine learning model');
    expect(compassTypeTitle('NEW_KIND_OF_THING')).toBe('New kind of thing');
  });

  it('words outcomes, fields and people', () => {
    expect(outcomeTitle('orphaned')).toBe('No longer in Backstage');
    expect(fieldLabel('spec.type')).toBe('Backstage type');
    expect(fieldLabel('someField')).toBe('Some field');
    expect(personName(undefined)).toBe('an admin');
    expect(personName(' Ada Lovelace ')).toBe('Ada Lovelace');
    expect(sentenceCase('labels-over-limit')).toBe('Labels over limit');
  });
});
