// What tests import to reach the one real Backstage the jest global setup starts for the whole run.
// The setup passes it to the test workers through environment variables (workers inherit the parent's env).

export const TEST_BACKSTAGE_ENV = {
  baseUrl: 'EMBEDDED_BACKSTAGE_BASE_URL',
  token: 'EMBEDDED_BACKSTAGE_TOKEN',
  entityCount: 'EMBEDDED_BACKSTAGE_ENTITY_COUNT',
  logFile: 'EMBEDDED_BACKSTAGE_LOG_FILE',
} as const;

export interface TestBackstage {
  /** `http://127.0.0.1:<port>`: the Backstage backend base URL (the catalog is under /api/catalog). */
  baseUrl: string;
  /** The static external-access token it accepts. */
  token: string;
  /** Entities it served when the run started (the fixture catalog: FIXTURE_ENTITY_TOTAL). */
  entityCount: number;
  /** The backend's full log for this run (access log included). */
  logFile: string;
}

export function testBackstage(): TestBackstage {
  const baseUrl = process.env[TEST_BACKSTAGE_ENV.baseUrl];
  const token = process.env[TEST_BACKSTAGE_ENV.token];
  const logFile = process.env[TEST_BACKSTAGE_ENV.logFile];
  if (!baseUrl || !token || !logFile) {
    throw new Error(
      'No embedded Backstage for this test: sandbox/backstage/jest-global-setup.ts did not run. ' +
        'Run the tests through jest with the project jest.config.js (npx jest), which starts it.',
    );
  }
  return { baseUrl, token, logFile, entityCount: Number(process.env[TEST_BACKSTAGE_ENV.entityCount]) };
}
