import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { fileHash, tempDir } from '../test-support/temp-dir';
import { latestSchemaVersion, migrations } from './migrations';
import { openDatabase, runMigrations, type Db } from './open-database';

function schemaOf(db: Db): string[] {
  return (
    db.prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS s FROM sqlite_master ORDER BY type, name").all() as {
      s: string;
    }[]
  ).map((row) => row.s);
}

describe('openDatabase', () => {
  it('creates a fresh database at the latest schema, with WAL and foreign keys', () => {
    const file = path.join(tempDir(), 'nested', 'kb.sqlite');
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('numbers migrations 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it.each(Array.from({ length: latestSchemaVersion }, (_, version) => version))(
    'upgrades a database of schema %i to the same schema as a fresh one',
    (version) => {
      const dir = tempDir();
      const fresh = openDatabase(path.join(dir, 'fresh.sqlite'));
      const expected = schemaOf(fresh);
      fresh.close();

      const file = path.join(dir, 'old.sqlite');
      openDatabase(file, { targetVersion: version }).close();
      const upgraded = openDatabase(file);
      expect(upgraded.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      expect(schemaOf(upgraded)).toEqual(expected);
      upgraded.close();
    },
  );

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = fileHash(file);

    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KbError);
    expect((caught as KbError).code).toBe('database_too_new');
    expect((caught as KbError).message).toMatch(/version plus récente de Kits ESS/);
    expect(fileHash(file)).toBe(before);
  });

  it('refuses a file that is not a database, with a French message, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'kits-ess.sqlite');
    fs.writeFileSync(file, 'ceci n’est pas une base SQLite, mais un texte quelconque de plus de cent octets. '.repeat(4));
    const before = fileHash(file);
    expect(() => openDatabase(file)).toThrow(/n’est pas une base Kits ESS lisible/);
    expect(fileHash(file)).toBe(before);
  });

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    const db = openDatabase(path.join(tempDir(), 'kb.sqlite'));
    const failing = {
      version: latestSchemaVersion + 1,
      name: 'fails halfway',
      up(target: Db) {
        target.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    expect(() => runMigrations(db, [...migrations, failing], latestSchemaVersion, latestSchemaVersion + 1)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });
});
