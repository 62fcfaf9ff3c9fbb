// The Forge handlers manifest.yml names, and nothing else.
export { adminResolver } from './forge/admin-resolver';
export { panelResolver } from './forge/panel-resolver';
export { importWorker } from './forge/import-worker';
export { scheduledSync } from './forge/scheduled-sync';
