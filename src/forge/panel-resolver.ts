// The component page's resolver. It can only read; it deliberately shares no definitions with the admin
// resolver. Its operations (getPanel, refreshPanel, searchEntities, linkEntity) arrive with the panel.
import Resolver from '@forge/resolver';

export const panelResolver = new Resolver().getDefinitions();
