import { describe, expect, it } from 'vitest';
import { collectLicences, formatLicences } from './third-party-licences';

describe('third-party licences', () => {
  const licences = collectLicences();

  it('lists the shipped packages with their licence and its text', () => {
    expect(licences.find((l) => l.name === 'better-sqlite3')).toMatchObject({ license: 'MIT', text: expect.stringContaining('MIT') });
    expect(licences.find((l) => l.name === 'marked')).toMatchObject({ license: 'MIT', text: expect.stringContaining('Permission is hereby granted') });
    // Dependencies of dependencies too (better-sqlite3 needs bindings).
    expect(licences.map((l) => l.name)).toContain('bindings');
  });

  it('leaves out what only builds or tests the app', () => {
    const names = licences.map((l) => l.name);
    for (const devOnly of ['electron', 'vitest', 'electron-builder', 'typescript']) expect(names).not.toContain(devOnly);
  });

  it('writes one titled block per package', () => {
    const text = formatLicences(licences);
    expect(text).toMatch(/^better-sqlite3 [\d.]+ — MIT$/m);
    expect(text).toMatch(/^marked [\d.]+ — MIT$/m);
  });
});
