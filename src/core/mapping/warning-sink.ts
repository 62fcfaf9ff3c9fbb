import type { MappingWarningCode } from '../mapping-warning';

/** Where each rule reports what it dropped, cut or could not map; `mapEntity` stamps the entity ref on. */
export type WarningSink = (code: MappingWarningCode, message: string) => void;
