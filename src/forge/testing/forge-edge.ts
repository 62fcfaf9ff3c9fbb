// Test doubles for the Forge platform modules the app imports, for tests that run the real handlers: @forge/api
// (fetch goes out as is, requestGraph to a local Compass) and @forge/events (pushes land on an in-process queue).
// A test sets `forgeEdge.compass` and `forgeEdge.queue`, and mocks the modules with:
//   jest.mock('@forge/api', () => jest.requireActual('./testing/forge-edge').forgeApiModule());
//   jest.mock('@forge/events', () => jest.requireActual('./testing/forge-edge').forgeEventsModule());
import type { InProcessQueue } from '../../../sandbox/forge/in-process-queue';
import type { LocalCompass } from '../../../sandbox/local-compass';

export const forgeEdge: {
  compass?: LocalCompass;
  queue?: InProcessQueue;
  /** Who `asUser()` requests run as: Forge knows it from the invocation; a test names it (default: nobody known). */
  userAccountId?: string;
} = {};

function required<T>(value: T | undefined, name: string): T {
  if (!value) throw new Error(`forgeEdge.${name} is not set: set it before the app reaches the platform`);
  return value;
}

export function forgeApiModule() {
  const requestGraph = (
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => required(forgeEdge.compass, 'compass').fetchApi().asApp().requestGraph(query, variables, headers);
  return {
    __esModule: true,
    default: {
      asApp: () => ({ requestGraph }),
      asUser: () => ({
        requestGraph: (
          query: string,
          variables?: Record<string, unknown>,
          headers?: Record<string, string>,
        ) =>
          required(forgeEdge.compass, 'compass')
            .fetchApi()
            .asUser(forgeEdge.userAccountId)
            .requestGraph(query, variables, headers),
      }),
    },
    fetch: (url: string, init: RequestInit) => fetch(url, init),
  };
}

export function forgeEventsModule() {
  return {
    Queue: class {
      push(events: { body: Record<string, unknown> }[]) {
        return required(forgeEdge.queue, 'queue').push(events);
      }
    },
  };
}
