import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../core/app-paths';

type Json = Record<string, unknown>;

const builder = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Json;
const workflow = parse(fs.readFileSync(path.join(projectRoot, '.github/workflows/release.yml'), 'utf8')) as Json;
// electron-builder's own JSON schema, shipped with it: the offline check of every key used.
const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  properties: Json;
  definitions: Record<string, { properties: Json }>;
};

function unknownKeys(value: unknown, definition: string): string[] {
  const known = (definition === 'Configuration' ? schema.properties : schema.definitions[definition]?.properties) ?? {};
  return Object.keys(value as Json).filter((key) => !(key in known));
}

function targets(platform: string): unknown {
  return (builder[platform] as Json).target;
}

describe('electron-builder configuration', () => {
  it('burns every fuse of the security checklist into the packaged app', () => {
    expect(builder.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
    expect(builder.asar).toBe(true);
  });

  it('builds every installer: NSIS per user without admin rights, MSI, AppImage, deb, dmg', () => {
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(builder.nsis).toMatchObject({ perMachine: false, allowElevation: false, oneClick: false });
  });

  it('uses only keys electron-builder knows', () => {
    expect(unknownKeys(builder, 'Configuration')).toEqual([]);
    expect(unknownKeys(builder.electronFuses, 'FuseOptionsV1')).toEqual([]);
    expect(unknownKeys(builder.nsis, 'NsisOptions')).toEqual([]);
    expect(unknownKeys(builder.msi, 'MsiOptions')).toEqual([]);
    expect(unknownKeys(builder.win, 'WindowsConfiguration')).toEqual([]);
    expect(unknownKeys(builder.linux, 'LinuxConfiguration')).toEqual([]);
    expect(unknownKeys(builder.mac, 'MacConfiguration')).toEqual([]);
  });

  it('ships the kits, the Electron build of SQLite, and icons at the sizes the targets need', () => {
    const resources = builder.extraResources as { from: string; to: string }[];
    expect(resources.map((r) => r.to)).toEqual(expect.arrayContaining(['content', 'native']));
    const png = (file: string): { width: number; height: number } => {
      const data = fs.readFileSync(path.join(projectRoot, file));
      expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
      return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
    };
    expect(png('build/icon.png')).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(png(`build/icons/${size}x${size}.png`)).toEqual({ width: size, height: size });
    const ico = fs.readFileSync(path.join(projectRoot, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon file
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});

interface Step {
  uses?: string;
  run?: string;
  with?: Json;
  env?: Json;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}

describe('release workflow', () => {
  const jobs = workflow.jobs as Record<string, Job>;
  const runs = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');

  it('runs on a version tag', () => {
    expect((workflow.on as { push: { tags: string[] } }).push.tags).toEqual(['v*']);
  });

  it('runs the Electron e2e suite under xvfb on Linux before building', () => {
    const e2e = jobs['electron-e2e']!;
    expect(e2e['runs-on']).toMatch(/^ubuntu/);
    expect(runs(e2e)).toMatch(/xvfb-run .*npm run test:electron/);
    expect(jobs.installers!.needs).toBe('electron-e2e');
  });

  it('builds the installers on Windows, Linux and macOS runners', () => {
    const installers = jobs.installers!;
    expect(installers.strategy?.matrix.os).toEqual(['windows-latest', 'ubuntu-latest', 'macos-latest']);
    expect(runs(installers)).toContain('npm run dist');
    // Signing comes from secrets only: no certificate or password is ever written in the file.
    const env = installers.steps.flatMap((step) => Object.values(step.env ?? {}));
    for (const value of env) expect(String(value)).toMatch(/\$\{\{ secrets\./);
  });

  it('attaches the installers to a release, only for a tag', () => {
    const release = jobs.release!;
    expect(release.needs).toBe('installers');
    expect(release.if).toContain("startsWith(github.ref, 'refs/tags/v')");
    expect(runs(release)).toContain('gh release create');
  });

  it('gives every step something to do', () => {
    for (const job of Object.values(jobs)) {
      expect(job.steps.length).toBeGreaterThan(0);
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });
});
