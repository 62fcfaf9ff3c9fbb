// A WarningSink that remembers what it was told, for asserting on one rule at a time.
import type { MappingWarningCode } from '../../mapping-warning';
import type { WarningSink } from '../warning-sink';

export interface RecordedWarning {
  code: MappingWarningCode;
  message: string;
}

export function recordWarnings(): {
  warn: WarningSink;
  warnings: RecordedWarning[];
  codes: () => MappingWarningCode[];
} {
  const warnings: RecordedWarning[] = [];
  return {
    warn: (code, message) => warnings.push({ code, message }),
    warnings,
    codes: () => warnings.map((warning) => warning.code),
  };
}
