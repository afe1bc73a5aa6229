import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, validPackFiles, writePack } from '../test-support/packs';
import { fileHash, tempDir } from '../test-support/temp-dir';

function openKb(dataDir = tempDir()): KnowledgeBase {
  return KnowledgeBase.open({ dataDir, appVersion: 'test' });
}

/** Every row of every table, to compare a database before and after. */
function dump(kb: KnowledgeBase): unknown {
  const tables = kb.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, kb.db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
}

describe('importing a content pack', () => {
  it('writes kits, fiches and their terms', () => {
    const kb = openKb();
    const report = kb.importPack(writePack(validPackFiles()));
    expect(report).toMatchObject({ kitsAdded: 1, fichesAdded: 2, fichesUnchanged: 0 });
    const handlers = kb.handlers();
    expect(handlers.listFiches({ kit: 'essai' })).toEqual([
      { kit: 'essai', number: 1, slug: 'premiere-fiche', title: 'Première fiche', summary: 'Résumé de la fiche 1.', themes: ['coopération'] },
      { kit: 'essai', number: 2, slug: 'deuxieme-fiche', title: 'Deuxième fiche', summary: 'Résumé de la fiche 2.', themes: ['coopération'] },
    ]);
    kb.close();
  });

  it('changes nothing when the same pack is imported twice', () => {
    const kb = openKb();
    const pack = writePack(validPackFiles());
    kb.importPack(pack);
    const before = dump(kb);
    const changesBefore = kb.db.prepare('SELECT total_changes() AS n').get();
    const report = kb.importPack(pack);
    expect(report).toMatchObject({ kitsAdded: 0, kitsUpdated: 0, fichesAdded: 0, fichesUpdated: 0, fichesRemoved: 0, fichesUnchanged: 2 });
    expect(kb.db.prepare('SELECT total_changes() AS n').get()).toEqual(changesBefore);
    expect(dump(kb)).toEqual(before);
    kb.close();
  });

  it('leaves the database byte for byte as it was when the pack is invalid', () => {
    const dataDir = tempDir();
    const kb = openKb(dataDir);
    kb.importPack(writePack(validPackFiles()));
    kb.close();
    const file = path.join(dataDir, 'kits-ess.sqlite');
    const before = fileHash(file);

    const files = validPackFiles('2027-01-01');
    files['essai/02-deuxieme-fiche.md'] = ficheMd(2, 'Deuxième fiche', 'Texte', ['inconnu']);
    files['autre/kit.yml'] = 'title: [';
    const again = openKb(dataDir);
    expect(() => again.importPack(writePack(files))).toThrow(KbError);
    again.close();
    expect(fileHash(file)).toBe(before);
  });

  it('updates a newer edition in place, keeping fiche ids, and removes dropped fiches', () => {
    const kb = openKb();
    kb.importPack(writePack(validPackFiles()));
    const idOf = (n: number) => (kb.db.prepare('SELECT id FROM fiches WHERE number = ?').get(n) as { id: number }).id;
    const firstId = idOf(1);

    const files = validPackFiles('2026-06-01');
    files['essai/01-premiere-fiche.md'] = ficheMd(1, 'Première fiche revue', 'Texte revu.', ['insertion']);
    delete files['essai/02-deuxieme-fiche.md'];
    const report = kb.importPack(writePack(files));
    expect(report).toMatchObject({ kitsUpdated: 1, fichesUpdated: 1, fichesRemoved: 1 });
    expect(idOf(1)).toBe(firstId);
    const fiche = kb.handlers().getFiche({ kit: 'essai', number: 1 });
    expect(fiche).toMatchObject({ title: 'Première fiche revue', themes: ['insertion'], edition: '2026-06-01' });
    kb.close();
  });
});

describe('vocabulary', () => {
  it('adds the terms of each pack and never removes the bundled ones', () => {
    const kb = openKb();
    kb.importPack(writePack(validPackFiles()));
    const before = kb.projects.vocabulary();
    expect(before.themes).toEqual(['coopération', 'commande publique', 'insertion']);
    const other = validPackFiles();
    other['vocabulaire.yml'] = other['vocabulaire.yml']?.replace('  - insertion\n', '  - insertion\n  - tourisme\n').replace('  - coopération\n', '') ?? '';
    other['essai/01-premiere-fiche.md'] = ficheMd(1, 'Première fiche', 'Texte.', ['insertion']);
    other['essai/02-deuxieme-fiche.md'] = ficheMd(2, 'Deuxième fiche', 'Texte.', ['insertion']);
    kb.importPack(writePack(other));
    expect(kb.projects.vocabulary().themes).toEqual(expect.arrayContaining(['coopération', 'commande publique', 'insertion', 'tourisme']));
    kb.close();
  });
});
