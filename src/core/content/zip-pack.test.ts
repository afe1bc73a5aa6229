import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, kitYaml, validPackFiles, vocabularyYaml, writePack } from '../test-support/packs';
import { writeRawZip } from '../test-support/raw-zip';
import { tempDir } from '../test-support/temp-dir';
import { writePackZip, zipEntrySegments } from './zip-pack';

function openKb(dataDir = tempDir()): KnowledgeBase {
  return KnowledgeBase.open({ dataDir, appVersion: 'test', dailyBackup: false });
}

/** Every row of every table, to compare a database before and after. */
function dump(kb: KnowledgeBase): unknown {
  const tables = kb.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, kb.db.prepare(`SELECT * FROM "${name}"`).all()]));
}

function packZip(files: Record<string, string>): Promise<string> {
  const zip = path.join(tempDir(), 'paquet.zip');
  return writePackZip(writePack(files), zip).then(() => zip);
}

/** The temp folders the importer made and did not remove. */
function leftoverUnpackFolders(): string[] {
  return fs.readdirSync(path.dirname(tempDir())).filter((name) => name.startsWith('kits-ess-paquet-'));
}

describe('kit updates as a .zip content pack', () => {
  it('brings the bundled kits into a fresh data folder, and reports the fiches it added', async () => {
    const zip = path.join(tempDir(), 'contenu.zip');
    const { edition } = await writePackZip(bundledContentDir, zip);
    const kb = openKb();
    expect(kb.handlers().listKits({})).toEqual([]);
    const report = await kb.importPackZip(zip);
    const kits = kb.handlers().listKits({}).map((kit) => kit.slug);
    expect(kits).toEqual(expect.arrayContaining(['municipaless', 'departementaless', 'regionaless']));
    expect(report.fichesAdded).toBeGreaterThan(30);
    expect(report.changes.filter((c) => c.change === 'added')).toHaveLength(report.fichesAdded);
    expect(kb.handlers().getAppInfo({}).contentEdition).toBe(edition);
    // The same file again changes nothing.
    const again = await kb.importPackZip(zip);
    expect(again).toMatchObject({ fichesAdded: 0, fichesUpdated: 0, changes: [] });
    kb.close();
  });

  it('lists a changed fiche and re-anchors its annotations', async () => {
    const kb = openKb();
    const files = validPackFiles();
    await kb.importPackZip(await packZip(files));
    const fiche = kb.db.prepare('SELECT body_md, body_text FROM fiches WHERE number = 1').get() as { body_md: string; body_text: string };
    const exact = 'coopératives';
    const start = fiche.body_text.indexOf(exact);
    const annotation = kb.annotations.create({ kit: 'essai', number: 1, selector: { exact, start, end: start + exact.length, prefix: '', suffix: '' }, note: '' });
    const updated = {
      ...files,
      'essai/kit.yml': kitYaml('2026-06-01'),
      'essai/01-premiere-fiche.md': ficheMd(1, 'Première fiche', `Un paragraphe ajouté en tête.\n\n${fiche.body_md}`),
    };
    const report = await kb.importPackZip(await packZip(updated));
    expect(report.changes).toEqual([{ kit: 'essai', number: 1, title: 'Première fiche', change: 'updated' }]);
    const moved = kb.handlers().listAnnotations({ sort: 'date' }).find((a) => a.id === annotation.id)!;
    expect(moved.status).toBe('anchored');
    expect(moved.selector?.start).toBeGreaterThan(start);
    kb.close();
  });

  it('refuses an older edition than the installed one, in French, with the database unchanged', async () => {
    const kb = openKb();
    await kb.importPackZip(await packZip({ ...validPackFiles(), 'essai/kit.yml': kitYaml('2026-06-01') }));
    const before = dump(kb);
    const older = await packZip({ ...validPackFiles(), 'essai/kit.yml': kitYaml('2026-01-01') });
    await expect(kb.importPackZip(older, 'ancien.zip')).rejects.toThrow(
      'Le paquet ancien.zip contient l’édition du 1er janvier 2026, plus ancienne que celle installée (1er juin 2026) pour le kit Kit d’essai : rien n’a été importé.',
    );
    expect(dump(kb)).toEqual(before);

    // One kit newer does not carry another one older: the whole pack is refused.
    const mixed = await packZip({ ...validPackFiles(), 'essai/kit.yml': kitYaml('2026-01-01'), 'autre/kit.yml': kitYaml('2027-01-01'), 'autre/01-premiere-fiche.md': validPackFiles()['essai/01-premiere-fiche.md']! });
    await expect(kb.importPackZip(mixed, 'melange.zip')).rejects.toThrow(/l’édition du 1er janvier 2026, plus ancienne que celle installée \(1er juin 2026\) pour le kit Kit d’essai/);
    expect(dump(kb)).toEqual(before);
    kb.close();
  });

  const hostile: [string, () => Parameters<typeof writeRawZip>[1], RegExp][] = [
    ['an entry climbing out with ../', () => [{ name: '../evade.txt', data: Buffer.from('x') }], /sort du paquet/],
    ['an entry climbing out from a sub-folder', () => [{ name: 'essai/../../evade.txt', data: Buffer.from('x') }], /sort du paquet/],
    ['an absolute path', () => [{ name: '/tmp/evade.txt', data: Buffer.from('x') }], /est absolu/],
    ['a Windows drive path', () => [{ name: 'C:/evade.txt', data: Buffer.from('x') }], /est absolu/],
    ['a backslash path', () => [{ name: '..\\evade.txt', data: Buffer.from('x') }], /barre oblique inverse/],
    ['a symbolic link entry', () => [{ name: 'vocabulaire.yml', data: Buffer.from('/etc/passwd'), mode: 0o120777 }], /lien symbolique/],
    ['a zip bomb (one entry inflating past the cap)', () => [{ name: 'vocabulaire.yml', data: Buffer.alloc(3 * 1024 * 1024), deflate: true }], /dépasse 2 Mo/],
    [
      'a zip bomb whose directory lies about the size',
      () => [{ name: 'vocabulaire.yml', data: Buffer.alloc(3 * 1024 * 1024), deflate: true, declaredSize: 100 }],
      /refusé/,
    ],
    [
      'many entries adding up past the total cap',
      () => Array.from({ length: 30 }, (_, i) => ({ name: `essai/${i}.md`, data: Buffer.alloc(2 * 1024 * 1024 - 1), deflate: true })),
      /dépasse 50 Mo/,
    ],
  ];

  it.each(hostile)('refuses %s, with the database unchanged and nothing written outside', async (_label, entries, message) => {
    const kb = openKb();
    await kb.importPackZip(await packZip(validPackFiles()));
    const before = dump(kb);
    const folder = tempDir();
    const zip = path.join(folder, 'sub', 'hostile.zip');
    fs.mkdirSync(path.dirname(zip));
    writeRawZip(zip, [{ name: 'vocabulaire.yml', data: Buffer.from(vocabularyYaml) }, ...entries()]);
    const leftovers = leftoverUnpackFolders();
    await expect(kb.importPackZip(zip)).rejects.toThrow(message);
    expect(dump(kb)).toEqual(before);
    expect(fs.readdirSync(folder)).toEqual(['sub']);
    expect(fs.readdirSync(path.dirname(zip))).toEqual(['hostile.zip']);
    expect(leftoverUnpackFolders()).toEqual(leftovers);
    kb.close();
  });

  it('refuses a pack with an invalid fiche whole, naming the file inside the archive', async () => {
    const kb = openKb();
    const zip = await packZip({ ...validPackFiles(), 'essai/03-mauvaise.md': ficheMd(3, 'Mauvaise', 'Texte.', ['astrologie']) });
    const error: unknown = await kb.importPackZip(zip, 'paquet.zip').catch((e: unknown) => e);
    expect((error as { details: string[] }).details.join('\n')).toContain(path.join('paquet.zip', 'essai', '03-mauvaise.md'));
    expect(kb.handlers().listKits({})).toEqual([]);
    kb.close();
  });

  it('refuses a file that is not a zip', async () => {
    const kb = openKb();
    const file = path.join(tempDir(), 'faux.zip');
    fs.writeFileSync(file, 'pas une archive');
    await expect(kb.importPackZip(file)).rejects.toThrow('ce n’est pas une archive .zip lisible');
    kb.close();
  });
});

describe('zip entry names', () => {
  it('keeps plain relative names and folders', () => {
    expect(zipEntrySegments('essai/01-fiche.md')).toEqual({ segments: ['essai', '01-fiche.md'], directory: false });
    expect(zipEntrySegments('essai/')).toEqual({ segments: ['essai'], directory: true });
  });
  it.each(['..', 'a/../b', './a', 'a//b', 'a/b\u0000', 'con.', 'a:b'])('refuses %j', (name) => {
    expect(zipEntrySegments(name)).toHaveProperty('problem');
  });
});
