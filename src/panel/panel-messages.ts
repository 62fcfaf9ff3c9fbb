// The panel's words for a link Compass refused, shared by the resolver (which says them) and the page (which
// says them again whatever a resolver answered, so Compass's own text, naming aliases and ids, never shows).
// No imports: the page's bundle takes this file whole.

export const ALREADY_IN_COMPASS_MESSAGE =
  'This Backstage entity already has its own Compass component, so it cannot be linked to this one. Open that component instead, or choose another entity.';

export const LINK_NOT_TAKEN_MESSAGE =
  'Compass did not take the link, so nothing was changed. Try again in a moment.';
