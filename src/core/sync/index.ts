// Sync planning: pure functions over mapped drafts and stored state.
export { draftContentHash } from './draft-hash';
export {
  sameRelationship,
  wantedRelationships,
  type EntitySyncState,
  type RelationshipRef,
} from './entity-sync-state';
export { planEntityActions, refsToLookUp, type EntityAction } from './plan-entities';
export { planRelationships, type RelationshipAction, type RelationshipPlan } from './plan-relationships';
export { inputHashOf, mappingSignature } from './input-hash';
export {
  adoptableComponents,
  matchForAdoption,
  type AdoptableComponent,
  type AdoptingEntity,
  type AdoptionMatch,
  type AdoptionMatchKind,
} from './adoption-match';
