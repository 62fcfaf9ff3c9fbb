// The Custom UI apps under static/ and where their builds land (manifest.yml's resources point there).
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const CUSTOM_UI_APPS = ['admin-page', 'component-panel'] as const;
export type CustomUiApp = (typeof CUSTOM_UI_APPS)[number];

export function appSourceDir(app: CustomUiApp): string {
  return path.join(REPO_ROOT, 'static', app);
}

export function appBuildDir(app: CustomUiApp): string {
  return path.join(appSourceDir(app), 'build');
}

export function isCustomUiApp(name: string): name is CustomUiApp {
  return (CUSTOM_UI_APPS as readonly string[]).includes(name);
}
