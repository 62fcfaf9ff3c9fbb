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

/**
 * Chromium warns about any same-origin iframe whose sandbox attribute has both allow-scripts and
 * allow-same-origin. The sandbox's host pages (sandbox/server/pages.ts) embed the apps that way, as Compass
 * does from another origin; the warning is about the host's markup, not about the page in the frame.
 */
export const SAME_ORIGIN_SANDBOXED_FRAME_WARNING =
  /^An iframe which has both allow-scripts and allow-same-origin for its sandbox attribute can escape its sandboxing\.$/;

export function watchPageProblems(page: Page, options: { ignore?: readonly RegExp[] } = {}): PageProblemLog {
  const problems: PageProblem[] = [];
  const ignored = (text: string) => (options.ignore ?? []).some((pattern) => pattern.test(text));
  page.on('console', (message) => {
    const type = message.type();
    if ((type === 'error' || type === 'warning') && !ignored(message.text())) {
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
