// The manifest is checked offline the way `forge deploy` would: @forge/manifest's full validation (schema,
// modules, handler files, resources, permissions), plus what it leaves to runtime: every handler exported.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@forge/manifest';
import * as handlers from '../src/index';
import { APP_DIRECTORY, interpolateManifest, readManifest } from './forge-manifest';

describe('manifest.yml', () => {
  const { text, manifest } = readManifest({});

  it('passes @forge/manifest validation with no error-level finding', async () => {
    // validate() does not interpolate ${VAR}; check the manifest as the CLI would render it, from the app folder.
    const path = join(APP_DIRECTORY, `.manifest-check-${process.pid}.yml`);
    writeFileSync(path, text);
    try {
      const result = await validate(false, path);
      const errors = (result.errors ?? []).filter((finding) => finding.level === 'error');
      expect(errors.map((e) => `L${e.line}: ${e.message}`)).toEqual([]);
      expect(result.manifestObject).toBeDefined();
    } finally {
      rmSync(path, { force: true });
    }
  }, 30000);

  it('names only handlers that src/index.ts exports as functions', () => {
    const named = manifest.modules.function!.map((fn) => fn.handler!);
    expect(named.length).toBeGreaterThan(0);
    for (const handler of named) {
      const [file, exportName] = handler.split('.');
      expect(file).toBe('index');
      expect(typeof (handlers as Record<string, unknown>)[exportName!]).toBe('function');
    }
  });

  it('keeps function keys within Forge’s 23 characters', () => {
    for (const fn of manifest.modules.function!) expect(fn.key.length).toBeLessThanOrEqual(23);
  });

  it('gives each UI surface its own resolver function, and the queue consumer a function of its own', () => {
    const admin = manifest.modules['compass:adminPage']![0]!.resolver!.function;
    const panel = manifest.modules['compass:componentPage']![0]!.resolver!.function;
    const consumer = manifest.modules.consumer![0]!.function!;
    const trigger = manifest.modules.scheduledTrigger![0]!.function!;
    expect(new Set([admin, panel, consumer, trigger]).size).toBe(4);
  });

  it('runs on nodejs22.x or newer', () => {
    expect(['nodejs22.x', 'nodejs24.x']).toContain(manifest.app.runtime.name);
  });

  it('asks only for the scopes the code uses', () => {
    expect([...manifest.permissions!.scopes!].sort()).toEqual(
      [
        'read:component:compass',
        'write:component:compass',
        'read:metric:compass',
        'write:metric:compass',
        'read:scorecard:compass',
        'write:scorecard:compass',
        'storage:app',
        'view:team:teams',
      ].sort(),
    );
  });

  it('puts the deploying admin’s BACKSTAGE_HOST into the backend egress', () => {
    const rendered = readManifest({ BACKSTAGE_HOST: 'backstage.acme.io' }).manifest;
    expect(rendered.permissions!.external!.fetch!.backend).toEqual([
      { address: 'https://backstage.acme.io' },
    ]);
  });

  it('fails clearly when a placeholder has no value at all', () => {
    expect(() => interpolateManifest('address: ${UNKNOWN_HOST}', {}, {})).toThrow(/UNKNOWN_HOST/);
  });
});
