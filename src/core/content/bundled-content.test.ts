import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, kitYaml, validPackFiles, writePack } from '../test-support/packs';
import { writePackZip } from './zip-pack';
import { tempDir } from '../test-support/temp-dir';
import { readPackEdition } from './bundled-content';

describe('bundled content', () => {
  it('is imported at first start, left alone at the next, and updated when a newer edition ships', () => {
    const dataDir = tempDir();
    const content = writePack(validPackFiles('2026-01-01'));
    const open = () => KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir: content });

    let kb = open();
    expect(kb.handlers().getAppInfo({})).toMatchObject({ contentEdition: '2026-01-01', dataDir });
    expect(kb.handlers().listKits({}).map((k) => [k.slug, k.ficheCount])).toEqual([['essai', 2]]);
    kb.close();

    // A fiche edited without a newer edition is not re-imported: start-up stays cheap.
    fs.writeFileSync(path.join(content, 'essai', '01-premiere-fiche.md'), fs.readFileSync(path.join(content, 'essai', '01-premiere-fiche.md'), 'utf8').replace('Première fiche', 'Titre changé'));
    kb = open();
    expect(kb.handlers().getFiche({ kit: 'essai', number: 1 }).title).toBe('Première fiche');
    kb.close();

    fs.writeFileSync(path.join(content, 'essai', 'kit.yml'), kitYaml('2026-02-01', 'missing:\n  - number: 3\n'));
    kb = open();
    expect(kb.handlers().getFiche({ kit: 'essai', number: 1 }).title).toBe('Titre changé');
    expect(kb.handlers().getAppInfo({}).contentEdition).toBe('2026-02-01');
    kb.close();
  });

  it('never takes back a kit that an update file made newer, and still brings the other kits’ newer editions', async () => {
    const dataDir = tempDir();
    const files = { ...validPackFiles('2026-01-01'), 'autre/kit.yml': kitYaml('2026-01-01'), 'autre/01-premiere-fiche.md': validPackFiles()['essai/01-premiere-fiche.md']! };
    const content = writePack(files);
    const open = () => KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir: content });
    let kb = open();
    // A colleague's update file brings « essai » to June, with a new first fiche title.
    const update = writePack({ ...files, 'essai/kit.yml': kitYaml('2026-06-01', 'missing:\n  - number: 3\n'), 'essai/01-premiere-fiche.md': ficheMd(1, 'Titre de juin', 'Texte de juin, assez long pour une fiche.') });
    const zip = path.join(tempDir(), 'juin.zip');
    await writePackZip(update, zip);
    await kb.importPackZip(zip);
    kb.close();

    // The app is updated: its « essai » is of March (older than June), its « autre » of March (newer).
    fs.writeFileSync(path.join(content, 'essai', 'kit.yml'), kitYaml('2026-03-01', 'missing:\n  - number: 3\n'));
    fs.writeFileSync(path.join(content, 'autre', 'kit.yml'), kitYaml('2026-03-01'));
    fs.writeFileSync(path.join(content, 'autre', '01-premiere-fiche.md'), ficheMd(1, 'Autre de mars', 'Texte de mars, assez long pour une fiche.'));
    kb = open();
    expect(kb.handlers().getFiche({ kit: 'essai', number: 1 }).title).toBe('Titre de juin');
    expect(kb.handlers().getFiche({ kit: 'autre', number: 1 }).title).toBe('Autre de mars');
    kb.close();
  });

  it('reads the newest edition among the kits', () => {
    const files = { ...validPackFiles('2026-01-01'), 'autre/kit.yml': kitYaml('2026-03-01') };
    expect(readPackEdition(writePack(files))).toBe('2026-03-01');
  });
});
