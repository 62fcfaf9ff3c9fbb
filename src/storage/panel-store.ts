// Where the component panel keeps which entity a component shows, and its cached view of that entity.
import type { KeyValueStore } from '../core/ports';
import type { BoundedPanelEntityView } from '../panel/panel-view-bounds';
import { panelCacheKey, panelLinkKey } from './storage-keys';

export interface CachedPanelView {
  entityRef: string;
  /** Null: Backstage no longer has the entity. Bounded: it is one kvs value, and Forge limits those to 240 KiB. */
  entity: BoundedPanelEntityView | null;
  backstageUrl: string;
  asOf: string;
}

export function panelStore(store: KeyValueStore) {
  return {
    /** The app's own record of which entity a component shows (lower-cased ref). */
    loadLink: (componentId: string) => store.get<string>(panelLinkKey(componentId)),
    saveLink: (componentId: string, entityRef: string) => store.set(panelLinkKey(componentId), entityRef),
    loadView: (componentId: string) => store.get<CachedPanelView>(panelCacheKey(componentId)),
    saveView: (componentId: string, view: CachedPanelView) =>
      store.set<CachedPanelView>(panelCacheKey(componentId), view),
    /** A renamed entity: a component linked to the old ref shows the new one (its cached view is read again). */
    async moveLink(componentId: string, fromRef: string, toRef: string): Promise<void> {
      const linked = await store.get<string>(panelLinkKey(componentId));
      if (linked?.toLowerCase() !== fromRef.toLowerCase()) return;
      await store.set(panelLinkKey(componentId), toRef.toLowerCase());
      await store.delete(panelCacheKey(componentId));
    },
  };
}
