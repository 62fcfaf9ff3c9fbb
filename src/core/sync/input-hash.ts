// What an entity's draft is made from, as one hash: Backstage's etag (it changes whenever the entity does) with the
// mapping in force. A sync compares it with the listing's etag to know, without reading the entity, that nothing
// the app would write has changed.
import type { MappingConfig } from '../mapping';
import { contentHashOf } from './draft-hash';

/** A hash of the mapping in force: a changed rule makes every entity's input new. */
export function mappingSignature(config: MappingConfig): string {
  return contentHashOf(config);
}

export function inputHashOf(input: { etag: string; mappingSignature: string }): string {
  return contentHashOf({ etag: input.etag, mapping: input.mappingSignature });
}
