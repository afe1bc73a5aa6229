import type { Db } from './db/open-database';

export function getSetting(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

const authorNameKey = 'author_name';

/** « Votre nom »: who new annotations and projects are by, printed in exports (empty until set). */
export function getAuthorName(db: Db): string {
  return getSetting(db, authorNameKey) ?? '';
}

export function setAuthorName(db: Db, name: string): string {
  const trimmed = name.trim();
  setSetting(db, authorNameKey, trimmed);
  return trimmed;
}

/** The team login of this computer while it is in a team workspace (written by sync/team-sync.ts). */
export const teamLoginKey = 'team.login';
