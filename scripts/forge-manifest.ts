// Reads manifest.yml the way the Forge CLI does: `${VAR}` placeholders come from the deploying shell's
// environment (BACKSTAGE_HOST for the egress entry), with example values when a check runs offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export const APP_DIRECTORY = join(__dirname, '..');
export const MANIFEST_PATH = join(APP_DIRECTORY, 'manifest.yml');

/** Values used when the environment does not set a placeholder, so offline checks see a valid manifest. */
export const EXAMPLE_MANIFEST_VARIABLES: Record<string, string> = { BACKSTAGE_HOST: 'backstage.example.com' };

export function interpolateManifest(
  text: string,
  env: Record<string, string | undefined> = process.env,
  fallbacks: Record<string, string> = EXAMPLE_MANIFEST_VARIABLES,
): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (placeholder, name: string) => {
    const value = env[name] ?? fallbacks[name];
    if (value === undefined) throw new Error(`manifest.yml uses ${placeholder}, which is not set`);
    return value;
  });
}

export interface ForgeManifest {
  modules: Record<
    string,
    { key: string; function?: string; handler?: string; resolver?: { function: string } }[]
  >;
  resources?: { key: string; path: string }[];
  permissions?: { scopes?: string[]; external?: { fetch?: { backend?: ({ address: string } | string)[] } } };
  app: { id: string; runtime: { name: string } };
}

export function readManifest(env?: Record<string, string | undefined>): {
  text: string;
  manifest: ForgeManifest;
} {
  const text = interpolateManifest(readFileSync(MANIFEST_PATH, 'utf8'), env);
  return { text, manifest: YAML.parse(text) as ForgeManifest };
}
