import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/app-paths';

/**
 * The licences of every package the app ships (production dependencies and theirs), read from
 * node_modules at build time into out/renderer/licences-tiers.txt, which « À propos » shows.
 */
export interface PackageLicence {
  name: string;
  version: string;
  license: string;
  text: string | null;
}

interface Manifest {
  name: string;
  version: string;
  license?: string | { type: string };
  licenses?: { type: string }[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The folder of `name` as Node would find it from `fromDir` (nested node_modules first). */
function packageDir(name: string, fromDir: string, root: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null;
  }
}

function licenceText(dir: string): string | null {
  const file = fs.readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : null;
}

function licenceName(manifest: Manifest): string {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license?.type) return manifest.license.type;
  return manifest.licenses?.map((l) => l.type).join(' OR ') || 'inconnue';
}

export function collectLicences(root: string = projectRoot): PackageLicence[] {
  const rootManifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const found = new Map<string, PackageLicence>();
  const visit = (names: string[], fromDir: string): void => {
    for (const name of names) {
      const dir = packageDir(name, fromDir, root);
      if (!dir) continue; // an optional dependency not installed on this system
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
      const key = `${manifest.name}@${manifest.version}`;
      if (found.has(key)) continue;
      found.set(key, { name: manifest.name, version: manifest.version, license: licenceName(manifest), text: licenceText(dir) });
      visit([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})], dir);
    }
  };
  visit(Object.keys(rootManifest.dependencies ?? {}), root);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export function formatLicences(licences: PackageLicence[]): string {
  const header = `Composants tiers livrés avec Kits ESS (${licences.length}), avec leur licence.\n`;
  const blocks = licences.map((l) => {
    const title = `${l.name} ${l.version} — ${l.license}`;
    return `${title}\n${'='.repeat(title.length)}\n\n${l.text ?? '(texte de licence non fourni par le paquet)'}\n`;
  });
  return [header, ...blocks].join('\n');
}

export const licencesFile = path.join(projectRoot, 'out', 'renderer', 'licences-tiers.txt');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const licences = collectLicences();
  fs.mkdirSync(path.dirname(licencesFile), { recursive: true });
  fs.writeFileSync(licencesFile, formatLicences(licences));
  console.log(`Licences de ${licences.length} composants écrites dans ${licencesFile}.`);
}
