// Where a Compass component lives in the product, from the site URL (view context) and the component's ARI
// `ari:cloud:compass:<cloudId>:component/<workspaceId>/<componentId>`. The path form is UNVERIFIED on a live
// site: it follows Compass's public URLs as seen in Atlassian's documentation screenshots.
export function compassComponentUrl(siteUrl: string | undefined, componentAri: string): string | undefined {
  const componentId = /:component\/[^/]+\/([^/]+)$/.exec(componentAri)?.[1];
  if (!siteUrl || !componentId) return undefined;
  return `${siteUrl.replace(/\/+$/, '')}/compass/component/${componentId}`;
}
