import { MAPPING_WARNING_CODES } from '../../src/core/mapping-warning';
import { COMPASS_COMPONENT_TYPES } from '../../src/core/compass-component-draft';
import { REMOVAL_POLICIES, SYNCED_FIELDS, SYNC_SCHEDULES } from '../../src/storage/sync-settings-store';
import {
  adoptionMatchTitle,
  compassTypeTitle,
  fieldLabel,
  outcomeTitle,
  personName,
  removalPolicyTitle,
  sentenceCase,
  syncedFieldTitle,
  syncScheduleTitle,
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

describe('plain words for staying in sync', () => {
  it('titles schedules, policies, matches and synced fields without their codes', () => {
    for (const schedule of SYNC_SCHEDULES) expect(syncScheduleTitle(schedule)).not.toBe(schedule);
    for (const policy of REMOVAL_POLICIES) expect(removalPolicyTitle(policy)).not.toBe(policy);
    for (const field of SYNCED_FIELDS) expect(syncedFieldTitle(field)).toMatch(/^[A-Z][a-z ]+$/);
    expect(syncScheduleTitle('hourly')).toBe('Every hour');
    expect(removalPolicyTitle('mark')).toBe('Mark in Compass');
    expect(adoptionMatchTitle('repository')).toBe('same repository');
    expect(syncedFieldTitle('ownerId')).toBe('Owner team');
  });
});
