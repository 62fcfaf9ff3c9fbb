// Infers a Compass link type from a Backstage link: its `type`, then its `icon`, then the URL, then its `title`.
// The author's explicit words win over the host; the host wins over a title, which is free prose.
import type { CompassLinkType } from '../compass-component-draft';

export interface LinkTypeHints {
  url: URL;
  type?: string;
  icon?: string;
  title?: string;
}

/** Words in a link's `type`, `icon` or `title` that name what it is. */
export const LINK_TYPE_KEYWORDS: Readonly<Record<Exclude<CompassLinkType, 'OTHER_LINK'>, readonly string[]>> =
  {
    REPOSITORY: ['source', 'repo', 'repository', 'git', 'github', 'gitlab', 'bitbucket'],
    DOCUMENT: ['docs', 'doc', 'documentation', 'techdocs', 'wiki', 'runbook', 'confluence', 'readme'],
    CHAT_CHANNEL: ['chat', 'slack', 'discord', 'channel'],
    ON_CALL: [
      'oncall',
      'on-call',
      'pagerduty',
      'opsgenie',
      'victorops',
      'incident',
      'incidents',
      'alert',
      'alerts',
    ],
    DASHBOARD: [
      'dashboard',
      'dashboards',
      'metrics',
      'monitoring',
      'grafana',
      'datadog',
      'newrelic',
      'kibana',
      'splunk',
    ],
    PROJECT: ['project', 'jira', 'issues', 'tracker', 'backlog'],
  };

/**
 * Keywords that name a link's purpose only when the author says so in `type` or `icon`: in a title they are too
 * often about something else ("Alerts dashboard", "Incident review notes").
 */
export const LINK_TYPE_KEYWORDS_NOT_IN_TITLES: readonly string[] = [
  'incident',
  'incidents',
  'alert',
  'alerts',
];

/** Hosts, matched as the domain itself or any subdomain of it. Checked in this order. */
export const LINK_TYPE_DOMAINS: readonly (readonly [CompassLinkType, readonly string[]])[] = [
  // Pages sites are documentation, not repositories, so they come before github.com / gitlab.com.
  [
    'DOCUMENT',
    ['github.io', 'gitlab.io', 'readthedocs.io', 'readthedocs.org', 'notion.so', 'notion.site', 'gitbook.io'],
  ],
  ['REPOSITORY', ['github.com', 'gitlab.com', 'bitbucket.org', 'dev.azure.com', 'visualstudio.com']],
  ['CHAT_CHANNEL', ['slack.com', 'teams.microsoft.com', 'teams.live.com', 'discord.com', 'discord.gg']],
  ['ON_CALL', ['pagerduty.com', 'opsgenie.com', 'victorops.com', 'incident.io']],
  ['DASHBOARD', ['grafana.net', 'datadoghq.com', 'datadoghq.eu', 'newrelic.com', 'splunkcloud.com']],
];

/** Self-hosted tools, recognised by one dot-separated part of the host (`grafana.acme.io`, `git.github.acme.com`). */
export const LINK_TYPE_HOST_PARTS: readonly (readonly [CompassLinkType, readonly string[]])[] = [
  ['REPOSITORY', ['github', 'gitlab', 'bitbucket']],
  ['DASHBOARD', ['grafana', 'kibana', 'splunk', 'datadog', 'newrelic']],
  ['DOCUMENT', ['confluence', 'wiki']],
  ['ON_CALL', ['pagerduty', 'opsgenie']],
  ['PROJECT', ['jira']],
];

export function inferLinkType(hints: LinkTypeHints): CompassLinkType {
  return (
    typeFromKeyword(hints.type) ??
    typeFromKeyword(hints.icon) ??
    typeFromUrl(hints.url) ??
    typeFromTitle(hints.title) ??
    'OTHER_LINK'
  );
}

function typeFromUrl(url: URL): CompassLinkType | undefined {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const parts = host.split('.');
  // `docs.<anything>` is documentation, even `docs.github.com`.
  if (parts[0] === 'docs') return 'DOCUMENT';
  for (const [type, domains] of LINK_TYPE_DOMAINS) {
    if (domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) return type;
  }
  if (host.endsWith('.atlassian.net')) return atlassianCloudLinkType(url.pathname);
  for (const [type, hostParts] of LINK_TYPE_HOST_PARTS) {
    if (parts.some((part) => hostParts.includes(part))) return type;
  }
  return undefined;
}

/** Confluence and Jira share `<site>.atlassian.net`; the path tells them apart. */
function atlassianCloudLinkType(pathname: string): CompassLinkType | undefined {
  if (pathname === '/wiki' || pathname.startsWith('/wiki/')) return 'DOCUMENT';
  if (/^\/(browse|projects|jira)(\/|$)/.test(pathname)) return 'PROJECT';
  return undefined;
}

function typeFromKeyword(value: string | undefined): CompassLinkType | undefined {
  if (value === undefined) return undefined;
  const keyword = value.trim().toLowerCase();
  // Whole value first (`on-call`), then its words (`source-code`, `team chat`).
  return keywordType(keyword) ?? typeFromWords(keyword);
}

function typeFromTitle(title: string | undefined): CompassLinkType | undefined {
  return title === undefined
    ? undefined
    : typeFromWords(title.toLowerCase(), LINK_TYPE_KEYWORDS_NOT_IN_TITLES);
}

/** Each word, and each pair of words as one hyphenated keyword (`On-call rota`, `on call`). */
function typeFromWords(text: string, ignored: readonly string[] = []): CompassLinkType | undefined {
  const words = text.split(/[^a-z0-9]+/);
  for (const [index, word] of words.entries()) {
    const next = words[index + 1];
    for (const candidate of next ? [word, `${word}-${next}`] : [word]) {
      if (ignored.includes(candidate)) continue;
      const type = keywordType(candidate);
      if (type) return type;
    }
  }
  return undefined;
}

function keywordType(word: string): CompassLinkType | undefined {
  if (word === '') return undefined;
  for (const [type, keywords] of Object.entries(LINK_TYPE_KEYWORDS) as [
    CompassLinkType,
    readonly string[],
  ][]) {
    if (keywords.includes(word)) return type;
  }
  return undefined;
}
