// The browser tests run the built apps; this says clearly when there is no build or it is older than its
// sources, instead of letting a test fail on a blank or outdated page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appBuildDir, appSourceDir, CUSTOM_UI_APPS, REPO_ROOT } from '../../scripts/ui/custom-ui-apps';

export class UiBuildMissingError extends Error {
  override readonly name = 'UiBuildMissingError';
}

function newestSourceChange(dir: string, skip: Set<string>): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Tests are not part of a build.
    if (skip.has(full) || entry.name === 'node_modules' || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceChange(full, skip) : fs.statSync(full).mtimeMs,
    );
  }
  return newest;
}

export function assertUiBuilt(): void {
  const sharedDir = path.join(REPO_ROOT, 'static', 'shared');
  for (const app of CUSTOM_UI_APPS) {
    const builtIndex = path.join(appBuildDir(app), 'index.html');
    if (!fs.existsSync(builtIndex)) {
      throw new UiBuildMissingError(
        `static/${app} is not built (${builtIndex} is missing). Build the pages first: npx tsx scripts/ui/build-ui.ts`,
      );
    }
    const builtAt = fs.statSync(builtIndex).mtimeMs;
    const changedAt = Math.max(
      newestSourceChange(appSourceDir(app), new Set([appBuildDir(app)])),
      newestSourceChange(sharedDir, new Set()),
    );
    if (changedAt > builtAt) {
      throw new UiBuildMissingError(
        `static/${app}/build is older than its sources. Rebuild the pages: npx tsx scripts/ui/build-ui.ts`,
      );
    }
  }
}
