import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Db } from '../db/open-database';
import { getSetting, setSetting } from '../settings';
import { importPack, type ImportReport } from './import-pack';
import { readPack, type ContentPack } from './read-pack';
import { KbError } from '../../shared/errors';
import { frenchDate } from '../../shared/french-dates';

const editionKey = 'bundled_content_edition';

/** The `edition` of each kit.yml of a pack folder, by kit slug, read without validating the fiches. */
function readKitEditions(root: string): Map<string, string> {
  const editions = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const kitFile = path.join(root, entry.name, 'kit.yml');
    if (!entry.isDirectory() || !fs.existsSync(kitFile)) continue;
    const edition: unknown = (parse(fs.readFileSync(kitFile, 'utf8')) as { edition?: unknown } | null)?.edition;
    if (typeof edition === 'string') editions.set(entry.name, edition);
  }
  return editions;
}

/** The newest `edition` among the pack's kit.yml files, read without validating the fiches. */
export function readPackEdition(root: string): string | null {
  let newest: string | null = null;
  for (const edition of readKitEditions(root).values()) if (newest === null || edition > newest) newest = edition;
  return newest;
}

export function storedContentEdition(db: Db): string | null {
  return getSetting(db, editionKey);
}

/** The edition of each installed kit, by slug. */
function installedKitEditions(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT slug, edition FROM kits').all() as { slug: string; edition: string }[];
  return new Map(rows.map((row) => [row.slug, row.edition]));
}

/**
 * Imports the content shipped with the app at first start, and afterwards each shipped kit
 * whose edition is newer than the installed one: a kit brought newer by an update file is never
 * taken back by the shipped one. Returns null when nothing had to be done.
 */
export function syncBundledContent(db: Db, contentDir: string): ImportReport | null {
  const installed = installedKitEditions(db);
  const newer = [...readKitEditions(contentDir)].filter(([slug, edition]) => edition > (installed.get(slug) ?? ''));
  // A database from before the vocabulary was kept gets it from the bundled pack.
  const lacksVocabulary = db.prepare('SELECT 1 FROM vocabulary LIMIT 1').get() === undefined;
  if (newer.length === 0 && !lacksVocabulary) return null;
  const pack = readPack(contentDir);
  const newerSlugs = new Set(newer.map(([slug]) => slug));
  const report = importPack(db, { ...pack, kits: pack.kits.filter((kit) => newerSlugs.has(kit.slug)) });
  recordEdition(db, pack.edition);
  return report;
}

/** The newest edition installed, shown in « À propos ». */
function recordEdition(db: Db, edition: string): void {
  const stored = storedContentEdition(db);
  if (stored === null || edition > stored) setSetting(db, editionKey, edition);
}

/**
 * Imports a kit update handed over as a file (a validated pack): refused whole when one of its
 * kits is older than the installed one, so that a stale file never takes fiches back.
 */
export function importContentUpdate(db: Db, pack: ContentPack, packName: string): ImportReport {
  const installed = installedKitEditions(db);
  const older = pack.kits.filter((kit) => kit.meta.edition < (installed.get(kit.slug) ?? ''));
  if (older.length > 0) {
    const kits = older.map(
      (kit) => `l’édition du ${frenchDate(kit.meta.edition)}, plus ancienne que celle installée (${frenchDate(installed.get(kit.slug) ?? '')}) pour le kit ${kit.meta.title}`,
    );
    throw new KbError('invalid_content', `Le paquet ${packName} contient ${kits.join(', et ')} : rien n’a été importé.`, kits);
  }
  const report = importPack(db, pack);
  recordEdition(db, pack.edition);
  return report;
}
