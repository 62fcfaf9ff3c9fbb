// The panel resolver's operations, each typed by the resolver's contract (src/forge/contract/panel-contract.ts):
// type-only imports, so zod and the use cases stay out of the bundle. See the README's "Panel resolver operations".
import type { PanelOperation, PanelRequest, PanelValues } from '../../../src/forge/contract/panel-contract';
import type { invokeResolver } from '../../shared/forge-bridge';
import { callResolver, type ResolverResult } from '../../shared/resolver-call';

export type PanelCall = <K extends PanelOperation>(
  method: K,
  request: PanelRequest<K>,
) => Promise<ResolverResult<PanelValues[K]>>;

/** One operation, its payload and value typed by the contract, through `invoke` (the bridge's, or a test's). */
export function panelCall(invoke?: typeof invokeResolver): PanelCall {
  return (method, request) => callResolver(method, { ...request }, invoke);
}
