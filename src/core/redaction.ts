// The one redaction every string leaving the app passes (resolver answers, the trigger's result, log lines):
// the saved Backstage token, wherever it ended up, and anything shaped like a bearer credential. The root rule is
// that no Backstage body or exception text is passed on at all; this is the net under it.

export const REDACTED = '[redacted]';

/** Shorter secrets are not worth matching (and would mangle ordinary words). */
const MIN_SECRET_LENGTH = 8;
/** A leading part this long of a secret is redacted too: a parse error or a cut-off excerpt may quote only its start. */
const SECRET_PREFIX_LENGTH = 8;

const secrets = new Set<string>();

// `Bearer <anything>` and `Authorization: <anything>` up to the end of the token-like run.
const CREDENTIAL_PATTERNS = [
  /\bBearer\s+[^\s"',;)]+/gi,
  /\bAuthorization\s*[:=]\s*[^\s"',;)]+(\s+[^\s"',;)]+)?/gi,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let secretPatterns: RegExp[] = [];

/** Remembers a secret (the Backstage token) so every later redaction removes it. Call wherever it is read or saved. */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || secrets.has(secret)) return;
  secrets.add(secret);
  secretPatterns = [...secrets]
    .sort((a, b) => b.length - a.length)
    .flatMap((known) => [
      new RegExp(escapeRegExp(known), 'g'),
      // The secret's start followed by whatever else of it survived.
      new RegExp(`${escapeRegExp(known.slice(0, SECRET_PREFIX_LENGTH))}\\S*`, 'g'),
    ]);
}

/** For tests: forget every registered secret. */
export function forgetSecrets(): void {
  secrets.clear();
  secretPatterns = [];
}

export function redactText(text: string): string {
  let result = text;
  for (const pattern of secretPatterns) result = result.replace(pattern, REDACTED);
  for (const pattern of CREDENTIAL_PATTERNS) {
    result = result.replace(pattern, (match) => `${match.split(/[\s:=]/)[0]} ${REDACTED}`);
  }
  return result;
}

/** Every string in a JSON-like value redacted (object keys included); other values as they are. */
export function redactDeep<T>(value: T): T {
  return walk(value, 0) as T;
}

const MAX_DEPTH = 64;

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redactText(key)] = walk(item, depth + 1);
  return out;
}
