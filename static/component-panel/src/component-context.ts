// Which Compass component the page is showing, from the Forge view context. Compass's component page puts
// it in extension.component.id; older and documented shapes use extension.componentId (which one a live
// site sends is unverified, so both are read).
export interface ComponentPageContext {
  extension?: {
    component?: { id?: unknown } | null;
    componentId?: unknown;
  } | null;
}

export function componentIdFrom(context: ComponentPageContext): string | undefined {
  const extension = context.extension;
  const candidates = [extension?.component?.id, extension?.componentId];
  return candidates.find((id): id is string => typeof id === 'string' && id.length > 0);
}
