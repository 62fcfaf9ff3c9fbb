// The component page's resolver contract: getPanel, refreshPanel, searchEntities and linkEntity, each with the
// schema of its payload and, by type, its value. The component is the page's own (from Forge's context); a
// payload `componentId` is only a fallback. See the README's "Panel resolver operations".
import { z } from 'zod';
import type { PanelState, SearchResult } from '../../panel/component-panel';
import { shortText, type PayloadOf, type RequestOf } from './resolver-contract';

const MAX_QUERY_LENGTH = 200;

const componentId = shortText().optional();

export const panelContract = {
  getPanel: z.strictObject({ componentId }),
  refreshPanel: z.strictObject({ componentId }),
  searchEntities: z.strictObject({
    query: z
      .string('Type at least 2 characters to search.')
      .trim()
      .min(2, 'Type at least 2 characters to search.')
      .max(MAX_QUERY_LENGTH, `Search with at most ${MAX_QUERY_LENGTH} characters.`),
    componentId,
  }),
  linkEntity: z.strictObject({
    entityRef: z
      .string('Choose a Backstage entity to link.')
      .trim()
      .min(1, 'Choose a Backstage entity to link.')
      .max(500, 'That is not a Backstage entity ref.'),
    componentId,
  }),
};

export type PanelContract = typeof panelContract;
export type PanelOperation = keyof PanelContract;
export type PanelPayload<K extends PanelOperation> = PayloadOf<PanelContract, K>;
export type PanelRequest<K extends PanelOperation> = RequestOf<PanelContract, K>;

export interface PanelValues {
  getPanel: PanelState;
  refreshPanel: PanelState;
  searchEntities: SearchResult[];
  linkEntity: PanelState;
}
