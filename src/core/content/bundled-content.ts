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

/** The newest `edition` among the pack's kit.yml files, read without validating the fiches. */
export function readPackEdition(root: string): string | null {
  let newest: string | null = null;
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const kitFile = path.join(root, entry.name, 'kit.yml');
    if (!entry.isDirectory() || !fs.existsSync(kitFile)) continue;
    const edition: unknown = (parse(fs.readFileSync(kitFile, 'utf8')) as { edition?: unknown } | null)?.edition;
    if (typeof edition === 'string' && (newest === null || edition > newest)) newest = edition;
  }
  return newest;
}

export function storedContentEdition(db: Db): string | null {
  return getSetting(db, editionKey);
}

/**
 * Imports the content shipped with the app at first start, and again whenever the shipped
 * edition is newer than the one recorded; returns null when nothing had to be done.
 */
export function syncBundledContent(db: Db, contentDir: string): ImportReport | null {
  const bundled = readPackEdition(contentDir);
  const stored = storedContentEdition(db);
  // A database from before the vocabulary was kept gets it from the bundled pack.
  const lacksVocabulary = db.prepare('SELECT 1 FROM vocabulary LIMIT 1').get() === undefined;
  if (bundled === null || (stored !== null && stored >= bundled && !lacksVocabulary)) return null;
  const report = importPack(db, readPack(contentDir));
  setSetting(db, editionKey, bundled);
  return report;
}

/**
 * Imports a kit update handed over as a file (a validated pack): refused when its edition is
 * older than the installed one, so that a stale file never takes fiches back; the installed
 * edition then becomes the pack's, and the shipped content only replaces it when newer.
 */
export function importContentUpdate(db: Db, pack: ContentPack, packName: string): ImportReport {
  const installed = storedContentEdition(db);
  if (installed !== null && pack.edition < installed) {
    throw new KbError(
      'invalid_content',
      `Le paquet ${packName} contient l’édition du ${frenchDate(pack.edition)}, plus ancienne que celle installée (${frenchDate(installed)}) : rien n’a été importé.`,
    );
  }
  const report = importPack(db, pack);
  if (installed === null || pack.edition > installed) setSetting(db, editionKey, pack.edition);
  return report;
}
