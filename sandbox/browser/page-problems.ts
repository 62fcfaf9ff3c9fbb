// Everything a page (and every frame in it) reports that a person would call a problem: console errors and
// warnings, uncaught exceptions, failed requests and HTTP error answers. Tests expect the list to be empty.
import type { Page } from 'playwright-core';

export interface PageProblem {
  kind: 'console-error' | 'console-warning' | 'page-error' | 'request-failed' | 'http-error';
  text: string;
  url?: string;
}

export interface PageProblemLog {
  problems: PageProblem[];
  /** The problems as lines (empty when there are none), for a failing expectation's message. */
  describe: () => string;
}

export function watchPageProblems(page: Page): PageProblemLog {
  const problems: PageProblem[] = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' || type === 'warning') {
      problems.push({
        kind: type === 'error' ? 'console-error' : 'console-warning',
        text: message.text(),
        url: message.location().url,
      });
    }
  });
  page.on('pageerror', (error) => problems.push({ kind: 'page-error', text: error.stack ?? error.message }));
  page.on('requestfailed', (request) =>
    problems.push({
      kind: 'request-failed',
      text: request.failure()?.errorText ?? 'failed',
      url: request.url(),
    }),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push({ kind: 'http-error', text: `HTTP ${response.status()}`, url: response.url() });
    }
  });
  return {
    problems,
    describe: () =>
      problems
        .map((problem) => `${problem.kind}: ${problem.text}${problem.url ? ` (${problem.url})` : ''}`)
        .join('\n'),
  };
}
