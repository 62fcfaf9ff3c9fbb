// The embedded Backstage catalog backend: the real catalog plugin on better-sqlite3 in memory, and Tech Insights.
// Started by embedded-backstage.ts (`node index.js --config <app-config.yaml>`); config decides port, token and catalog.
const { createBackend } = require('@backstage/backend-defaults');

// When started by a test run or the sandbox, exit as soon as the parent goes away (its end of our stdin closes),
// so a crashed or killed parent never leaves an orphan backend holding a port.
if (process.env.EMBEDDED_BACKSTAGE_EXIT_WITH_PARENT === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
// Without this module the catalog does not log processing errors (bad YAML, rejected entities) at all.
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Tech Insights with JSON-rules checks: the built-in fact retrievers and the checks come from the app-config.
// EMBEDDED_BACKSTAGE_TECH_INSIGHTS: 'off' leaves it out, 'no-checker' runs it without the JSON-rules fact checker.
const techInsights = process.env.EMBEDDED_BACKSTAGE_TECH_INSIGHTS ?? 'checks';
if (techInsights !== 'off') backend.add(import('@backstage-community/plugin-tech-insights-backend'));
if (techInsights === 'checks')
  backend.add(import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'));
backend.start();
