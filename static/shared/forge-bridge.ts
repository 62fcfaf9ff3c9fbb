// The one door to @forge/bridge. The bridge throws while its modules are evaluated unless the Forge host has
// set globalThis.__bridge, which blanks the page outside Forge; so it is only ever imported lazily, behind
// this check, and the pages render (saying they are outside Forge) anywhere else.
import type { FullContext } from '@forge/bridge';

interface ForgeBridgeHost {
  __bridge?: { callBridge?: unknown };
}

export function isInForge(): boolean {
  return typeof (globalThis as ForgeBridgeHost).__bridge?.callBridge === 'function';
}

/** Raised when a page needs the Forge host but runs without one (a plain browser tab, a static server). */
export class OutsideForgeError extends Error {
  override readonly name = 'OutsideForgeError';
  constructor() {
    super(
      'This page is not running inside Forge, so it cannot reach the app. Open it from Compass or the sandbox.',
    );
  }
}

export async function invokeResolver(method: string, payload?: Record<string, unknown>): Promise<unknown> {
  if (!isInForge()) throw new OutsideForgeError();
  const { invoke } = await import('@forge/bridge');
  return invoke(method, payload);
}

export async function getViewContext(): Promise<FullContext> {
  if (!isInForge()) throw new OutsideForgeError();
  const { view } = await import('@forge/bridge');
  return view.getContext();
}
