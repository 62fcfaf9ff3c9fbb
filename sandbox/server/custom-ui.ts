// The Custom UI resources as Forge serves them to Compass's iframes: each app's files under /apps/<resource>/,
// its index.html with a stand-in for the host side of @forge/bridge injected before the app's own scripts, and a
// Content-Security-Policy shaped like Forge's (scripts from the app or hashed inline, styles from the app plus
// 'unsafe-inline' because the manifest allows it).
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The folder to serve for a resource: its Vite build (`<resource>/build`) when there is one, else the resource
 * folder itself (the placeholder page). Looked up per request, so a build made while the sandbox runs is served.
 */
export function resourceRoot(resourcePath: string, staticDir?: string): string {
  const folder = path.basename(resourcePath) === 'build' ? path.dirname(resourcePath) : resourcePath;
  const base = staticDir ? path.join(staticDir, path.basename(folder)) : folder;
  const candidates = [path.join(base, 'build'), base];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html'))) ?? base;
}

/** The file a request path names inside `root`, or undefined when it escapes `root` or does not exist. */
export function resolveResourceFile(root: string, requestPath: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

export function sha256Source(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** Forge's CSP for a Custom UI page: inline scripts only by hash; inline styles allowed (permissions.content.styles). */
export function customUiCsp(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map((match) => sha256Source(match[1] ?? ''));
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

/** Puts `script` first in the document, ahead of every script the app has, as Forge's host bridge is. */
export function injectFirstScript(html: string, script: string): string {
  const tag = `<script>${script}</script>`;
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const htmlTag = /<html\b[^>]*>/i.exec(html);
  if (htmlTag) {
    const at = htmlTag.index + htmlTag[0].length;
    return `${html.slice(0, at)}<head>${tag}</head>${html.slice(at)}`;
  }
  return tag + html;
}

export interface BridgeConfig {
  /** The manifest function key of this surface's resolver. */
  functionKey: string;
  /** What view.getContext() returns (Forge's FullContext). */
  context: Record<string, unknown>;
  /** Where invoke() posts; the sandbox's POST /forge/invoke. */
  invokeUrl: string;
}

/**
 * The host half of @forge/bridge, in the page: `window.__bridge.callBridge(name, args)`. invoke goes to the
 * surface's resolver, getContext answers the surface's context; calls a page makes for chrome (theme, resize,
 * title, flags, router, events) get harmless answers; product and remote fetches are refused with a reason.
 * Plain ES2017 so it runs before anything else on the page.
 */
export function bridgeScript(config: BridgeConfig): string {
  // JSON inside a script: `<` escaped so no value can close the tag.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `(function () {
  'use strict';
  var config = ${json};
  var listeners = {};
  var historyListeners = [];
  var historyLocation = { pathname: '/', search: '', hash: '', state: null, key: 'default' };
  function clone(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }
  function postSize() {
    if (window.parent === window) return;
    var height = Math.ceil(document.documentElement.scrollHeight);
    window.parent.postMessage({ type: 'sandbox:resize', localId: config.context.localId, height: height }, window.location.origin);
  }
  function navigateHistory(path, state) {
    var url = new URL(path, 'http://history.local' + historyLocation.pathname);
    historyLocation = { pathname: url.pathname, search: url.search, hash: url.hash, state: state === undefined ? null : state, key: String(Date.now()) };
    historyListeners.slice().forEach(function (listener) { listener(historyLocation, 'PUSH'); });
  }
  var handlers = {
    invoke: function (args) {
      return fetch(config.invokeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ functionKey: config.functionKey, method: args.functionKey, payload: args.payload === undefined ? {} : args.payload, context: config.context })
      }).then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
          if (!response.ok) {
            var message = body && body.error && body.error.message ? body.error.message : 'invoke(' + args.functionKey + ') failed with HTTP ' + response.status;
            throw new Error(message);
          }
          return args.metadata === undefined ? body : { body: body, metadata: {} };
        });
      });
    },
    getContext: function () { return clone(config.context); },
    enableTheming: function () {
      document.documentElement.setAttribute('data-color-mode', 'light');
      document.documentElement.setAttribute('data-theme', 'light:light dark:dark spacing:spacing typography:typography');
    },
    getFrameId: function () { return config.context.localId; },
    emitReadyEvent: function () { postSize(); },
    changeWindowTitle: function (args) { if (args && args.title) document.title = args.title; },
    resize: function () { postSize(); },
    showFlag: function () { return undefined; },
    closeFlag: function () { return undefined; },
    refresh: function () { window.location.reload(); },
    reload: function () { window.location.reload(); },
    close: function () { return undefined; },
    submit: function () { return undefined; },
    onClose: function () { return undefined; },
    navigate: function (args) { var url = typeof args === 'string' ? args : args && (args.url || args.target); if (url) window.open(url, '_blank', 'noopener'); },
    open: function (args) { var url = typeof args === 'string' ? args : args && args.url; if (url) window.open(url, '_blank', 'noopener'); },
    getUrl: function () { return new URL(window.location.href); },
    createHistory: function () {
      return {
        get location() { return historyLocation; },
        set location(value) { historyLocation = value; },
        action: 'POP',
        push: function (path, state) { navigateHistory(path, state); },
        replace: function (path, state) { navigateHistory(path, state); },
        go: function () {}, back: function () {}, forward: function () {},
        listen: function (listener) {
          historyListeners.push(listener);
          return function () { historyListeners = historyListeners.filter(function (l) { return l !== listener; }); };
        }
      };
    },
    on: function (args) {
      (listeners[args.event] = listeners[args.event] || []).push(args.callback);
      return { unsubscribe: function () { listeners[args.event] = (listeners[args.event] || []).filter(function (c) { return c !== args.callback; }); } };
    },
    emit: function (args) { (listeners[args.event] || []).forEach(function (callback) { callback(args.payload); }); },
    initFeatureFlags: function () { return {}; },
    getCookieConsentPreferences: function () { return { analytics: false, marketing: false, functional: true }; },
    emitFrontendCustomMetric: function () { return undefined; },
    isRovoEnabled: function () { return false; }
  };
  var refused = ['fetchProduct', 'fetchRemote', 'requestTeamworkGraph', 'fetchUserRecommendations', 'openModal', 'openRovo', 'subscribeRealtimeChannel', 'publishRealtimeChannel'];
  window.__bridge = {
    callBridge: function (name, args) {
      var handler = handlers[name];
      if (!handler) {
        var reason = refused.indexOf(name) >= 0
          ? 'The local sandbox does not emulate the bridge call "' + name + '"'
          : 'Unknown bridge call "' + name + '"';
        return Promise.reject(new Error(reason));
      }
      return new Promise(function (resolve) { resolve(handler(args || {})); });
    }
  };
  if (typeof ResizeObserver === 'function') {
    // Also the body's children: css-reset makes html and body 100% high, so only #root grows with the content.
    var start = function () { var observer = new ResizeObserver(postSize); observer.observe(document.documentElement); Array.prototype.forEach.call(document.body.children, function (child) { observer.observe(child); }); postSize(); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  }
})();`;
}
