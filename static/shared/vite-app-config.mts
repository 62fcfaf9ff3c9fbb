// One Vite configuration for every Custom UI app: each app's vite.config.mts calls this with its folder.
// Forge serves a resource from a sub-path, hence the relative base; the build lands in <app>/build, the
// folder manifest.yml's resource points at.
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { UserConfig } from 'vite';

const sharedDir = path.dirname(fileURLToPath(import.meta.url));

export const CUSTOM_UI_BUILD_DIR = 'build';

export function customUiAppConfig(appDir: string): UserConfig {
  return {
    root: appDir,
    base: './',
    // Vite's own JSX transform (oxc) with React's automatic runtime; the app is served built, so it needs
    // no fast refresh and no @vitejs/plugin-react.
    oxc: { jsx: { runtime: 'automatic' } },
    resolve: {
      alias: [
        {
          find: /^@atlaskit\/feature-gate-js-client\/feature-gates$/,
          replacement: path.join(sharedDir, 'feature-gates-stub.ts'),
        },
      ],
    },
    build: {
      outDir: path.join(appDir, CUSTOM_UI_BUILD_DIR),
      emptyOutDir: true,
      // ui-bundle-size reads the manifest to tell the initial load from the lazy chunks.
      manifest: true,
      // The budget that matters is the gzipped initial load, enforced by scripts/ui/ui-bundle-size.ts.
      chunkSizeWarningLimit: 1500,
    },
  };
}
