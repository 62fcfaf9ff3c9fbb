// The sandbox's own pages, server-rendered: a Compass-like frame (top bar with the site, left navigation)
// around the shell (the local Compass's components and the import status) and around the host pages that
// embed the app's Custom UI surfaces in iframes, as Compass does.
import { sha256Source } from './custom-ui';

export interface PageFrame {
  siteName: string;
  /** Which navigation entry is current. */
  active: 'components' | 'admin';
  title: string;
}

export interface ComponentRow {
  id: string;
  name: string;
  typeId: string;
  ownerName?: string;
  lifecycle?: string;
  description?: string | null;
  labels: string[];
  backstageRef?: string;
}

export type ImportSummary =
  { kind: 'status'; status: Record<string, unknown> } | { kind: 'unavailable'; message: string };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Component page path for an id (an ARI, so encoded as one path segment). */
export function componentPath(componentId: string): string {
  return `/components/${encodeURIComponent(componentId)}`;
}

const TYPE_NAMES: Record<string, string> = {
  SERVICE: 'Service',
  LIBRARY: 'Library',
  APPLICATION: 'Application',
  WEBSITE: 'Website',
  DATA_PIPELINE: 'Data pipeline',
  MACHINE_LEARNING_MODEL: 'ML model',
  UI_ELEMENT: 'UI element',
  CLOUD_RESOURCE: 'Cloud resource',
  OTHER: 'Other',
};

export const typeName = (typeId: string) => TYPE_NAMES[typeId] ?? typeId;

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;color:#172b4d;background:#fff}
a{color:#0c66e4;text-decoration:none}a:hover{text-decoration:underline}
.topbar{height:56px;display:flex;align-items:center;gap:16px;padding:0 16px;border-bottom:1px solid #dcdfe4;background:#fff}
.product{display:flex;align-items:center;gap:8px;font-weight:600;font-size:16px;color:#172b4d}
.product-mark{width:24px;height:24px;border-radius:4px;background:#1d7afc;color:#fff;display:flex;align-items:center;justify-content:center;font-size:13px}
.site{color:#44546f;font-size:13px;padding-left:16px;border-left:1px solid #dcdfe4}
.badge{margin-left:auto;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#5e4db2;background:#f3f0ff;border-radius:3px;padding:2px 6px}
.layout{display:flex;min-height:calc(100vh - 56px)}
nav{width:232px;flex:none;border-right:1px solid #dcdfe4;background:#f7f8f9;padding:16px 8px}
nav h2{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#626f86;margin:16px 8px 4px}
nav a{display:block;padding:8px;border-radius:3px;color:#44546f;font-weight:500}
nav a:hover{background:#091e420f;text-decoration:none}
nav a.current{background:#e9f2ff;color:#0c66e4}
main{flex:1;min-width:0;padding:24px 32px;display:flex;flex-direction:column}
.breadcrumbs{color:#626f86;font-size:13px;margin-bottom:8px}
h1{font-size:24px;font-weight:500;margin:0 0 16px}
h2.section{font-size:16px;font-weight:600;margin:24px 0 8px}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12px;color:#626f86;font-weight:600;border-bottom:2px solid #dcdfe4;padding:8px}
td{border-bottom:1px solid #f1f2f4;padding:8px;vertical-align:top}
.lozenge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;border-radius:3px;padding:0 4px;background:#dcdfe4;color:#44546f}
.lozenge.success{background:#dcfff1;color:#216e4e}.lozenge.progress{background:#e9f2ff;color:#0055cc}.lozenge.removed{background:#ffeceb;color:#ae2e24}
.label{display:inline-block;font-size:12px;border-radius:3px;padding:0 4px;margin:0 4px 4px 0;background:#f1f2f4;color:#44546f}
.muted{color:#626f86}
.card{border:1px solid #dcdfe4;border-radius:3px;padding:16px;margin-bottom:16px}
.status-grid{display:flex;flex-wrap:wrap;gap:24px;margin-top:8px}
.status-grid div{font-size:12px;color:#626f86}.status-grid strong{display:block;font-size:18px;color:#172b4d}
.app-frame{width:100%;border:0;display:block}
.app-frame.fill{flex:1;min-height:600px}
.app-frame.panel{height:320px}
.tabs{display:flex;gap:16px;border-bottom:2px solid #dcdfe4;margin:16px 0}
.tabs span{padding:8px 0;margin-bottom:-2px;color:#44546f;font-weight:500}
.tabs span.current{border-bottom:2px solid #0c66e4;color:#0c66e4}
.empty{padding:32px;text-align:center;color:#626f86;border:1px dashed #dcdfe4;border-radius:3px}
`;

/** Grows an iframe to the height its page reports (the bridge stand-in posts `sandbox:resize`). */
const RESIZE_LISTENER = `window.addEventListener('message', function (event) {
  if (event.origin !== window.location.origin || !event.data || event.data.type !== 'sandbox:resize') return;
  document.querySelectorAll('iframe[data-resize]').forEach(function (frame) {
    if (frame.contentWindow === event.source) frame.style.height = Math.max(160, event.data.height) + 'px';
  });
});`;

/** The CSP of the sandbox's own pages: no script but the resize listener; frames from this origin only. */
export const HOST_PAGE_CSP = [
  "default-src 'self'",
  `script-src ${sha256Source(RESIZE_LISTENER)}`,
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

export function renderFrame(
  frame: PageFrame,
  content: string,
  options: { refreshSeconds?: number } = {},
): string {
  const link = (href: string, label: string, current: boolean) =>
    `<a href="${href}"${current ? ' class="current" aria-current="page"' : ''}>${escapeHtml(label)}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${escapeHtml(frame.title)} - Compass (local sandbox)</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body>
<header class="topbar">
  <a class="product" href="/"><span class="product-mark" aria-hidden="true">C</span>Compass</a>
  <span class="site">${escapeHtml(frame.siteName)}</span>
  <span class="badge">Local sandbox</span>
</header>
<div class="layout">
<nav aria-label="Compass">
  ${link('/', 'Components', frame.active === 'components')}
  <h2>Apps</h2>
  ${link('/admin', 'Backstage import', frame.active === 'admin')}
</nav>
<main>
${content}
</main>
</div>
<script>${RESIZE_LISTENER}</script>
</body>
</html>`;
}

function importCard(summary: ImportSummary): string {
  if (summary.kind === 'unavailable') {
    return `<section class="card" aria-label="Backstage import"><strong>Backstage import</strong>
<p class="muted">The import status could not be read: ${escapeHtml(summary.message)}</p></section>`;
  }
  const status = summary.status;
  const state = String(status.state ?? 'idle');
  if (state === 'idle') {
    return `<section class="card" aria-label="Backstage import"><strong>Backstage import</strong>
<p class="muted">No import has run yet. Open <a href="/admin">Apps → Backstage import</a> to connect Backstage and import its catalog.</p></section>`;
  }
  const lozenge = state === 'done' ? 'success' : state === 'running' ? 'progress' : 'removed';
  const figure = (label: string, key: string) =>
    `<div><strong>${escapeHtml(String(status[key] ?? 0))}</strong>${escapeHtml(label)}</div>`;
  const when = status.finishedAt ?? status.updatedAt ?? status.startedAt;
  return `<section class="card" aria-label="Backstage import">
<strong>Backstage import</strong> <span class="lozenge ${lozenge}" data-import-state="${escapeHtml(state)}">${escapeHtml(state)}</span>
${status.phase && state === 'running' ? `<span class="muted"> phase ${escapeHtml(String(status.phase))}</span>` : ''}
${when ? `<span class="muted"> · ${escapeHtml(String(when))}</span>` : ''}
<div class="status-grid">
${figure('entities', 'total')}${figure('created', 'created')}${figure('updated', 'updated')}${figure('unchanged', 'unchanged')}${figure('skipped', 'skipped')}${figure('failed', 'failed')}${figure('relationships', 'relationshipsAdded')}
</div>
${status.error ? `<p class="muted">Last error: ${escapeHtml(String(status.error))}</p>` : ''}
<p class="muted"><a href="/admin">Open the Backstage import page</a></p>
</section>`;
}

export function renderShell(siteName: string, components: ComponentRow[], summary: ImportSummary): string {
  const running = summary.kind === 'status' && summary.status.state === 'running';
  const rows = components
    .map(
      (component) => `<tr data-component-id="${escapeHtml(component.id)}">
<td><a href="${componentPath(component.id)}">${escapeHtml(component.name)}</a>${
        component.description
          ? `<div class="muted">${escapeHtml(truncate(component.description, 120))}</div>`
          : ''
      }</td>
<td>${escapeHtml(typeName(component.typeId))}</td>
<td>${component.ownerName ? escapeHtml(component.ownerName) : '<span class="muted">No owner</span>'}</td>
<td>${component.lifecycle ? escapeHtml(component.lifecycle) : '<span class="muted">-</span>'}</td>
<td>${component.labels.map((label) => `<span class="label">${escapeHtml(label)}</span>`).join('')}</td>
</tr>`,
    )
    .join('\n');
  const table = components.length
    ? `<table aria-label="Components">
<thead><tr><th>Name</th><th>Type</th><th>Owner team</th><th>Lifecycle</th><th>Labels</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<div class="empty">No components yet. Import your Backstage catalog from <a href="/admin">Apps → Backstage import</a>.</div>`;
  return renderFrame(
    { siteName, active: 'components', title: 'Components' },
    `<div class="breadcrumbs">${escapeHtml(siteName)}</div>
<h1>Components <span class="muted">(${components.length})</span></h1>
${importCard(summary)}
${table}`,
    running ? { refreshSeconds: 2 } : {},
  );
}

export function renderAdminHost(siteName: string, appTitle: string, frameUrl: string): string {
  return renderFrame(
    { siteName, active: 'admin', title: appTitle },
    `<div class="breadcrumbs">Apps</div>
<h1>${escapeHtml(appTitle)}</h1>
<iframe class="app-frame fill" title="${escapeHtml(appTitle)}" src="${escapeHtml(frameUrl)}"></iframe>`,
  );
}

export function renderComponentHost(
  siteName: string,
  component: ComponentRow,
  appTitle: string,
  frameUrl: string,
): string {
  return renderFrame(
    { siteName, active: 'components', title: component.name },
    `<div class="breadcrumbs"><a href="/">Components</a> / ${escapeHtml(component.name)}</div>
<h1>${escapeHtml(component.name)} <span class="lozenge">${escapeHtml(typeName(component.typeId))}</span></h1>
${component.description ? `<p>${escapeHtml(component.description)}</p>` : ''}
<p class="muted">Owner team: ${component.ownerName ? escapeHtml(component.ownerName) : 'none'}${
      component.backstageRef ? ` · Backstage entity ${escapeHtml(component.backstageRef)}` : ''
    }</p>
<div class="tabs" role="tablist"><span>Overview</span><span class="current" role="tab" aria-selected="true">${escapeHtml(appTitle)}</span></div>
<iframe class="app-frame panel" data-resize title="${escapeHtml(appTitle)}" src="${escapeHtml(frameUrl)}"></iframe>`,
  );
}

export function renderNotFound(siteName: string, message: string): string {
  return renderFrame(
    { siteName, active: 'components', title: 'Not found' },
    `<h1>Not found</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to components</a></p>`,
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
