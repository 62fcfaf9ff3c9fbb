import { inferLinkType, type LinkTypeHints } from './link-type';

function typeOf(url: string, hints: Omit<LinkTypeHints, 'url'> = {}) {
  return inferLinkType({ url: new URL(url), ...hints });
}

describe('inferLinkType from the URL host', () => {
  it.each([
    ['https://github.com/brightpay/payment-gateway', 'REPOSITORY'],
    ['https://gitlab.com/brightpay/ledger', 'REPOSITORY'],
    ['https://bitbucket.org/brightpay/fraud', 'REPOSITORY'],
    ['https://dev.azure.com/brightpay/_git/ledger', 'REPOSITORY'],
    ['https://brightpay.visualstudio.com/_git/ledger', 'REPOSITORY'],
    ['https://github.brightpay.example/payments/gateway', 'REPOSITORY'],
    ['https://gitlab.internal.brightpay.example/ledger', 'REPOSITORY'],
    ['https://brightpay.slack.com/archives/C012AB3CD', 'CHAT_CHANNEL'],
    ['https://app.slack.com/client/T01/C012AB3CD', 'CHAT_CHANNEL'],
    ['https://teams.microsoft.com/l/channel/19%3a123', 'CHAT_CHANNEL'],
    ['https://discord.com/channels/1/2', 'CHAT_CHANNEL'],
    ['https://discord.gg/abc', 'CHAT_CHANNEL'],
    ['https://brightpay.pagerduty.com/service-directory/PAUT003', 'ON_CALL'],
    ['https://app.opsgenie.com/schedule/whoisoncall', 'ON_CALL'],
    ['https://portal.victorops.com/dash/brightpay', 'ON_CALL'],
    ['https://app.incident.io/brightpay/on-call', 'ON_CALL'],
    ['https://brightpay.grafana.net/d/abc', 'DASHBOARD'],
    ['https://grafana.brightpay.example/d/checkout', 'DASHBOARD'],
    ['https://app.datadoghq.com/dashboard/abc', 'DASHBOARD'],
    ['https://app.datadoghq.eu/dashboard/abc', 'DASHBOARD'],
    ['https://one.newrelic.com/dashboards/abc', 'DASHBOARD'],
    ['https://kibana.brightpay.example/app/discover', 'DASHBOARD'],
    ['https://brightpay.splunkcloud.com/en-US/app/search', 'DASHBOARD'],
    ['https://splunk.brightpay.example/en-US/app/search', 'DASHBOARD'],
    ['https://confluence.brightpay.example/display/PAY', 'DOCUMENT'],
    ['https://brightpay.atlassian.net/wiki/spaces/PAY', 'DOCUMENT'],
    ['https://ledger.readthedocs.io/en/latest/', 'DOCUMENT'],
    ['https://www.notion.so/brightpay/runbook-123', 'DOCUMENT'],
    ['https://docs.brightpay.example/api/payments', 'DOCUMENT'],
    ['https://docs.github.com/en/rest', 'DOCUMENT'],
    ['https://brightpay.github.io/payment-gateway/', 'DOCUMENT'],
    ['https://brightpay.atlassian.net/browse/PAY', 'PROJECT'],
    ['https://brightpay.atlassian.net/jira/software/projects/PAY/boards/1', 'PROJECT'],
    ['https://jira.brightpay.example/projects/PAY', 'PROJECT'],
    ['https://brightpay.atlassian.net/', 'OTHER_LINK'],
    ['https://status.brightpay.example/', 'OTHER_LINK'],
    ['https://notgithub.com/x', 'OTHER_LINK'],
  ])('%s → %s', (url, type) => {
    expect(typeOf(url)).toBe(type);
  });
});

describe('inferLinkType from the link itself', () => {
  const plainUrl = 'https://intranet.brightpay.example/page';

  it.each([
    [{ type: 'source' }, 'REPOSITORY'],
    [{ type: 'repository' }, 'REPOSITORY'],
    [{ type: 'docs' }, 'DOCUMENT'],
    [{ type: 'runbook' }, 'DOCUMENT'],
    [{ type: 'chat' }, 'CHAT_CHANNEL'],
    [{ type: 'on-call' }, 'ON_CALL'],
    [{ type: 'oncall' }, 'ON_CALL'],
    [{ type: 'dashboard' }, 'DASHBOARD'],
    [{ type: 'metrics' }, 'DASHBOARD'],
    [{ type: 'project' }, 'PROJECT'],
    [{ type: 'source-code' }, 'REPOSITORY'],
    [{ icon: 'dashboard' }, 'DASHBOARD'],
    [{ icon: 'docs' }, 'DOCUMENT'],
    [{ icon: 'chat' }, 'CHAT_CHANNEL'],
    [{ icon: 'github' }, 'REPOSITORY'],
    [{ icon: 'alert' }, 'ON_CALL'],
    [{ title: 'Grafana board' }, 'DASHBOARD'],
    [{ title: 'Team Slack' }, 'CHAT_CHANNEL'],
    [{ title: 'Runbook for outages' }, 'DOCUMENT'],
    [{ title: 'Jira board' }, 'PROJECT'],
    [{ title: 'Status page' }, 'OTHER_LINK'],
    [{ icon: 'help' }, 'OTHER_LINK'],
  ])('%j → %s', (hints, type) => {
    expect(typeOf(plainUrl, hints)).toBe(type);
  });

  it('lets an explicit type win over the host', () => {
    expect(typeOf('https://github.com/brightpay/gateway/wiki', { type: 'docs' })).toBe('DOCUMENT');
  });

  it('lets the icon win over the host', () => {
    expect(typeOf('https://github.com/brightpay/gateway/actions', { icon: 'dashboard' })).toBe('DASHBOARD');
  });

  it('lets the host win over the title', () => {
    expect(typeOf('https://grafana.brightpay.example/d/1', { title: 'Source metrics' })).toBe('DASHBOARD');
  });

  it.each([
    [{ title: 'Alerts dashboard' }, 'DASHBOARD'],
    [{ title: 'Alerting rules' }, 'OTHER_LINK'],
    [{ title: 'Alert' }, 'OTHER_LINK'],
    [{ title: 'Incident review notes' }, 'OTHER_LINK'],
    [{ title: 'Past incidents' }, 'OTHER_LINK'],
    [{ title: 'PagerDuty' }, 'ON_CALL'],
    [{ title: 'On-call rota' }, 'ON_CALL'],
    [{ title: 'On call schedule' }, 'ON_CALL'],
    [{ type: 'alerts' }, 'ON_CALL'],
    [{ type: 'incident' }, 'ON_CALL'],
    [{ icon: 'alert', title: 'Alerts dashboard' }, 'ON_CALL'],
    [{ type: 'team on-call' }, 'ON_CALL'],
  ])('reads alert and incident as ON_CALL only in type or icon: %j → %s', (hints, type) => {
    expect(typeOf(plainUrl, hints)).toBe(type);
  });

  it('falls back to the icon when the type says nothing it knows', () => {
    expect(typeOf('https://intranet.brightpay.example/', { type: 'website', icon: 'docs' })).toBe('DOCUMENT');
  });
});
