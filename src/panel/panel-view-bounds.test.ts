import type { PanelEntityLink, PanelEntityView } from './panel-view';
import {
  boundPanelEntityView,
  cut,
  jsonByteLength,
  PANEL_VIEW_BOUNDS,
  PANEL_VIEW_MAX_BYTES,
} from './panel-view-bounds';

const FORGE_VALUE_LIMIT = 240 * 1024;

function related(prefix: string, count: number, title = (i: number) => `${prefix} ${i}`): PanelEntityLink[] {
  return Array.from({ length: count }, (_, i) => ({
    ref: `component:default/${prefix}-${String(i).padStart(4, '0')}`,
    title: title(i),
    kind: 'Component',
    compassComponentId: `ari:cloud:compass:11111111-2222-3333-4444-555555555555:component/workspace/${i}`,
    backstageUrl: `https://backstage.example.com/catalog/default/component/${prefix}-${i}`,
    exists: true,
  }));
}

function view(overrides: Partial<PanelEntityView> = {}): PanelEntityView {
  return {
    ref: 'component:default/hub',
    title: 'Hub',
    name: 'hub',
    namespace: 'default',
    kind: 'Component',
    type: 'service',
    lifecycle: 'production',
    description: 'The hub.',
    owner: { ...related('owner', 1)[0]!, kind: 'Group', teamId: 'team-1' },
    tags: ['java'],
    links: [{ title: 'Runbook', url: 'https://runbooks.example.com/hub' }],
    providesApis: related('provided', 2),
    consumesApis: [],
    dependsOn: related('dep', 3),
    dependents: [],
    annotations: { githubSlug: { title: 'org/hub', url: 'https://github.com/org/hub' } },
    processingErrors: [],
    backstageUrl: 'https://backstage.example.com/catalog/default/component/hub',
    ...overrides,
  };
}

describe('boundPanelEntityView', () => {
  it('leaves an ordinary entity exactly as it is, with nothing marked as cut', () => {
    const ordinary = view();
    expect(boundPanelEntityView(ordinary)).toEqual(ordinary);
  });

  it('cuts a 250 KB description and caps every list, recording what was left out', () => {
    const huge = view({
      description: 'Lorem ipsum dolor sit amet. '.repeat(9200),
      tags: Array.from({ length: 64 }, (_, i) => `tag-${i}`),
      links: Array.from({ length: 45 }, (_, i) => ({
        title: `Link ${i}`,
        url: `https://x.example.com/${i}`,
      })),
      providesApis: related('provided', 30),
      consumesApis: related('consumed', 3),
      dependsOn: related('dep', 837),
      dependents: related('dependent', 26),
      processingErrors: Array.from({ length: 40 }, (_, i) => ({
        level: 'error',
        type: 'catalog',
        message: `Problem ${i}: ${'x'.repeat(3000)}`,
      })),
    });
    expect(jsonByteLength(huge)).toBeGreaterThan(FORGE_VALUE_LIMIT);
    const bounded = boundPanelEntityView(huge);
    expect(bounded.description).toHaveLength(PANEL_VIEW_BOUNDS.descriptionChars);
    expect(bounded.description!.endsWith('…')).toBe(true);
    expect(bounded.descriptionTruncated).toBe(true);
    expect(bounded.more).toEqual({
      tags: 44,
      links: 25,
      providesApis: 5,
      dependsOn: 812,
      dependents: 1,
      processingErrors: 30,
    });
    expect(bounded.dependsOn).toEqual(huge.dependsOn.slice(0, 25));
    expect(bounded.consumesApis).toEqual(huge.consumesApis);
    expect(bounded.processingErrors[0]!.message).toHaveLength(PANEL_VIEW_BOUNDS.errorMessageChars);
    expect(jsonByteLength(bounded)).toBeLessThan(PANEL_VIEW_MAX_BYTES);
  });

  it('cuts long titles and annotation values, and leaves out URLs too long to cut', () => {
    const longUrl = `https://x.example.com/${'a'.repeat(3000)}`;
    const bounded = boundPanelEntityView(
      view({
        title: 'T'.repeat(5000),
        type: 'y'.repeat(500),
        owner: { ...related('owner', 1, () => 'O'.repeat(900))[0]!, teamId: 'team-1' },
        dependsOn: related('dep', 2, () => 'D'.repeat(900)),
        links: [
          { title: 'L'.repeat(900), url: 'https://ok.example.com' },
          { title: 'too long', url: longUrl },
        ],
        annotations: {
          sourceLocation: { title: 'Source', url: longUrl },
          pagerDuty: { serviceId: 'P'.repeat(900) },
          sonarQube: { projectKey: 'S'.repeat(900) },
        },
      }),
    );
    expect(bounded.title).toHaveLength(PANEL_VIEW_BOUNDS.titleChars);
    expect(bounded.type).toHaveLength(PANEL_VIEW_BOUNDS.shortTextChars);
    expect(bounded.owner).toMatchObject({ teamId: 'team-1', title: expect.stringMatching(/^O+…$/) });
    expect(bounded.owner!.title).toHaveLength(PANEL_VIEW_BOUNDS.titleChars);
    expect(bounded.dependsOn.map((link) => link.title.length)).toEqual([200, 200]);
    expect(bounded.links).toEqual([{ title: `${'L'.repeat(199)}…`, url: 'https://ok.example.com' }]);
    expect(bounded.more).toEqual({ links: 1 });
    expect(bounded.annotations).toEqual({
      pagerDuty: { serviceId: `${'P'.repeat(99)}…` },
      sonarQube: { projectKey: `${'S'.repeat(99)}…` },
    });
  });

  it('keeps under the byte limit what characters alone do not bound, down to the entity’s identity', () => {
    // Control characters are escaped to 6 bytes each in JSON: 100 titles of 200 of them are 120 KB.
    const escaped = '\u0001'.repeat(1000);
    const heavy = view({
      dependsOn: related('dep', 25, () => escaped),
      dependents: related('dependent', 25, () => escaped),
      providesApis: related('provided', 25, () => escaped),
      consumesApis: related('consumed', 25, () => escaped),
    });
    const tight = boundPanelEntityView(heavy);
    expect(jsonByteLength(tight)).toBeLessThanOrEqual(PANEL_VIEW_MAX_BYTES);
    expect(tight.dependsOn).toHaveLength(5);
    expect(tight.more).toMatchObject({ dependsOn: 20, dependents: 20 });

    const identity = boundPanelEntityView(heavy, 2000);
    expect(jsonByteLength(identity)).toBeLessThanOrEqual(2000);
    expect(identity).toMatchObject({
      ref: heavy.ref,
      dependsOn: [],
      descriptionTruncated: true,
      more: { dependsOn: 25, dependents: 25, providesApis: 25, consumesApis: 25, tags: 1, links: 1 },
    });
    expect(identity).not.toHaveProperty('description');
  });
});

describe('cut', () => {
  it('ends a cut text in an ellipsis within the limit, and never splits a surrogate pair', () => {
    expect(cut('short', 10)).toBe('short');
    expect(cut('abcdefghij', 5)).toBe('abcd…');
    const emoji = '😀'.repeat(10);
    const cutEmoji = cut(emoji, 6);
    expect(cutEmoji).toBe('😀😀…');
    expect(cutEmoji.length).toBeLessThanOrEqual(6);
  });
});
