// One structured line per event, on the console (what `forge logs` shows), always through the redaction: never a
// token, never an entity's content, never a Backstage body (only the redacted excerpts the errors carry).
import { redactDeep } from './redaction';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

type Level = 'info' | 'warn' | 'error';

const listeners = new Set<(line: string) => void>();

/** Every line written from now on, as written (tests look for secrets in them). Returns the unsubscribe. */
export function onLogLine(listener: (line: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// jest sets BACKSTAGE_FOR_COMPASS_LOG=silent (jest.setup-env.js) so test output stays readable; listeners still hear.
const CONSOLE: Record<Level, (line: string) => void> = {
  info: (text) => console.log(text),
  warn: (text) => console.warn(text),
  error: (text) => console.error(text),
};

function write(level: Level, event: string, fields: LogFields): void {
  const text = JSON.stringify(redactDeep({ level, event, ...fields }));
  for (const listener of listeners) listener(text);
  if (process.env.BACKSTAGE_FOR_COMPASS_LOG !== 'silent') CONSOLE[level](text);
}

export const log = {
  info: (event: string, fields: LogFields = {}): void => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}): void => write('warn', event, fields),
  error: (event: string, fields: LogFields = {}): void => write('error', event, fields),
};

/** The fields that describe an error in a log line: its kind, its own (app-written) message and any excerpt. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const { kind, logExcerpt } = error as { kind?: unknown; logExcerpt?: unknown };
  return {
    errorName: error.name,
    ...(typeof kind === 'string' ? { errorKind: kind } : {}),
    // Messages of the app's own errors are its words; others are cut short (they may quote anything).
    errorMessage: error.message.slice(0, 300),
    ...(typeof logExcerpt === 'string' ? { said: logExcerpt } : {}),
  };
}
