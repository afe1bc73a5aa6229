import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { bundledContentDir, projectRoot } from '../core/app-paths';
import { KnowledgeBase } from '../core/knowledge-base';
import { ficheMd, validPackFiles, writePack } from '../core/test-support/packs';
import { tempDir } from '../core/test-support/temp-dir';
import mammoth from 'mammoth';
import { writePackZip } from '../core/content/zip-pack';
import { exitCodes, runCli } from './run-cli';

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  if (typeof code !== 'number') throw new Error('This command finishes later: await runCli.');
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** For the commands that finish later (Word files). */
async function runLater(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function wordText(file: string): Promise<string> {
  return (await mammoth.extractRawText({ path: file })).value;
}

describe('kits-ess command line', () => {
  it('lists the bundled kits of a new data folder', () => {
    const dataDir = tempDir();
    const result = run('list', '--data-dir', dataDir);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.out).toMatch(/^municipaless\tMunicipalESS \(Commune et intercommunalité, 2020\) : \d+ fiche\(s\)$/m);
    const json = JSON.parse(run('list', '--kit', 'municipaless', '--json', '--data-dir', dataDir).out) as { number: number }[];
    expect(json[0]?.number).toBe(1);
  });

  it('imports a pack, then lists and shows its fiches', () => {
    const dataDir = tempDir();
    const pack = writePack(validPackFiles());
    expect(run('import', pack, '--data-dir', dataDir)).toMatchObject({ code: 0, out: expect.stringMatching(/1 kit ajouté.*\n- essai 1\. Première fiche \(nouvelle\)/) });
    expect(run('list', '--kit', 'essai', '--data-dir', dataDir).out).toBe(' 1. Première fiche\n 2. Deuxième fiche');
    const shown = run('show', 'essai', '2', '--data-dir', dataDir);
    expect(shown.out).toMatch(/^# 2\. Deuxième fiche/);
    expect(JSON.parse(run('show', 'essai', '2', '--json', '--data-dir', dataDir).out)).toMatchObject({ number: 2, kit: 'essai' });
  });

  it('imports a kit update from a .zip pack, and refuses an older one', async () => {
    const dataDir = tempDir();
    const zip = path.join(tempDir(), 'mise-a-jour.zip');
    await writePackZip(writePack(validPackFiles('2099-01-01')), zip);
    const imported = await runLater('import', zip, '--data-dir', dataDir);
    expect(imported).toMatchObject({ code: 0, out: expect.stringContaining('- essai 2. Deuxième fiche (nouvelle)') });
    const older = path.join(tempDir(), 'ancien.zip');
    await writePackZip(writePack(validPackFiles('2098-01-01')), older);
    expect(await runLater('import', older, '--data-dir', dataDir)).toMatchObject({
      code: exitCodes.badInput,
      err: expect.stringContaining('plus ancienne que celle installée (1er janvier 2099)'),
    });
  });

  it('searches the fiches, with filters, marked words and suggestions', () => {
    const dataDir = tempDir();
    const found = run('search', 'fonds europeens', '--kit', 'regionaless', '--limit', '3', '--data-dir', dataDir);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/^\d+ résultats/);
    expect(found.out).toContain('RégionalESS · fiche 12 : Mobiliser les «fonds» «européens»');
    expect(found.out).not.toContain('MunicipalESS');
    const json = JSON.parse(run('search', 'cooperative', '--json', '--limit', '2', '--data-dir', dataDir).out) as { hits: unknown[] };
    expect(json.hits).toHaveLength(2);
    expect(run('search', 'cooperatvie', '--data-dir', dataDir).out).toMatch(/0 résultat\nEssayez : coopérative/);
    expect(run('search', 'x', '--limit', '0', '--data-dir', dataDir).code).toBe(exitCodes.usage);
  });

  it('searches the territory’s scale first, or all scales alike with --all-scales', () => {
    const dataDir = tempDir();
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir });
    kb.territory.set({ scale: 'commune', code: '05004' });
    kb.close();
    const firstHit = (...extra: string[]) => run('search', 'fonds europeens', '--limit', '1', ...extra, '--data-dir', dataDir).out.split('\n')[2];
    expect(firstHit()).toMatch(/^MunicipalESS · fiche 24 /);
    expect(firstHit('--all-scales')).toMatch(/^RégionalESS · fiche 12 /);
  });

  it('lists annotations, also as JSON', () => {
    const dataDir = tempDir();
    expect(run('annotations', '--data-dir', dataDir).out).toBe('0 annotation');
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test' });
    kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Relire avant la commission', tags: ['achats'] });
    kb.close();
    const listed = run('annotations', '--data-dir', dataDir);
    expect(listed.out).toMatch(/1 annotation\n\nMunicipalESS · fiche 7 : Commande publique responsable \(note sur la fiche\)\n  Relire avant la commission\n  Étiquettes : achats/);
    const json = JSON.parse(run('annotations', '--json', '--kit', 'municipaless', '--data-dir', dataDir).out) as { note: string }[];
    expect(json.map((a) => a.note)).toEqual(['Relire avant la commission']);
  });

  it('lists projects and writes a project dossier without overwriting files', () => {
    const dataDir = tempDir();
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir });
    const project = kb.projects.create({ title: 'Légumerie solidaire pour les collèges', status: 'etude', competences: ['collèges'] });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.close();
    expect(run('projects', '--data-dir', dataDir).out).toBe(`1 projet\n${project.id}  Légumerie solidaire pour les collèges · En étude · 1 lien`);
    const out = path.join(tempDir(), 'dossier.md');
    expect(run('dossier', 'legumerie', '--out', out, '--data-dir', dataDir)).toMatchObject({ code: 0 });
    expect(fs.readFileSync(out, 'utf8')).toContain('### DépartementalESS, fiche 7 : Agriculture, alimentation & ESS');
    expect(run('dossier', 'legumerie', '--out', out, '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/existe déjà/) });
    expect(run('dossier', 'inconnu', '--out', `${out}2`, '--data-dir', dataDir).err).toMatch(/Aucun projet ne s’appelle « inconnu »/);
    expect(run('dossier', 'legumerie', '--data-dir', dataDir).code).toBe(exitCodes.usage);
  });

  it('writes annotations and a dossier as Word documents when --out ends with .docx', async () => {
    const dataDir = tempDir();
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir });
    kb.handlers().setAuthorName({ name: 'Claire Petit' });
    kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Relire *avant* la commission', tags: ['achats'] });
    const project = kb.projects.create({ title: 'Légumerie solidaire', status: 'etude' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.close();
    const folder = tempDir();
    const notes = path.join(folder, 'notes.docx');
    expect(await runLater('annotations', '--out', notes, '--data-dir', dataDir)).toMatchObject({ code: 0, out: `1 annotation écrite dans ${notes}.` });
    const notesText = await wordText(notes);
    expect(notesText).toContain('MunicipalESS, fiche 7 : Commande publique responsable');
    expect(notesText).toContain('Relire avant la commission');
    expect(notesText).toContain('par Claire Petit');
    expect(await runLater('annotations', '--out', notes, '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/existe déjà/) });
    expect(await runLater('annotations', '--kit', 'regionaless', '--out', path.join(folder, 'vide.docx'), '--data-dir', dataDir)).toMatchObject({
      code: 1,
      err: 'Aucune annotation à exporter : rien n’a été écrit.',
    });
    expect(fs.existsSync(path.join(folder, 'vide.docx'))).toBe(false);
    const markdown = path.join(folder, 'notes.md');
    expect(run('annotations', '--out', markdown, '--data-dir', dataDir).code).toBe(0);
    expect(fs.readFileSync(markdown, 'utf8')).toContain('Relire *avant* la commission');

    const dossier = path.join(folder, 'dossier.docx');
    expect(await runLater('dossier', 'legumerie', '--out', dossier, '--data-dir', dataDir)).toMatchObject({ code: 0 });
    const dossierText = await wordText(dossier);
    expect(dossierText).toContain('DépartementalESS, fiche 7 : Agriculture, alimentation & ESS');
    expect(dossierText).toContain('Dossier préparé par Claire Petit avec Kits ESS');
  });

  it('exports user data to a file and merges it into another data folder, twice without duplicates', () => {
    const source = tempDir();
    const kb = KnowledgeBase.open({ dataDir: source, appVersion: 'test', bundledContentDir });
    kb.projects.create({ title: 'Garage solidaire' });
    kb.territory.set({ scale: 'departement', code: '05' });
    kb.close();
    const file = path.join(tempDir(), 'export.json');
    expect(run('export-data', file, '--data-dir', source)).toMatchObject({ code: 0 });
    const target = tempDir();
    const local = KnowledgeBase.open({ dataDir: target, appVersion: 'test', bundledContentDir });
    local.territory.set({ scale: 'commune', code: '05061' });
    local.close();
    const first = run('merge-data', file, '--data-dir', target).out;
    expect(first).toMatch(/^Ajouté : 0 annotation, 1 projet, 0 lien, 0 levier de feuille de route\./);
    // The colleague's territory is said, never applied.
    expect(first).toContain('Le fichier vient d’un poste réglé sur Hautes-Alpes ; votre territoire (Gap) n’a pas été modifié.');
    expect(run('merge-data', file, '--data-dir', target).out).toMatch(/^Ajouté : 0 annotation, 0 projet.*\nMis à jour : 0 annotation, 0 projet, 0 lien, 0 levier de feuille de route\. Inchangé : 1\./s);
    const reversed = fs.readFileSync(file, 'utf8').replace('"startDate": null', '"startDate": "2027-06-01"').replace('"endDate": null', '"endDate": "2027-01-01"');
    fs.writeFileSync(file, reversed);
    expect(run('merge-data', file, '--data-dir', target)).toMatchObject({
      code: 1,
      err: 'Projet « Garage solidaire » (date de fin) : la date de fin doit suivre la date de début. Rien n’a été importé.',
    });
    fs.writeFileSync(file, '{"format": "kits-ess-donnees", "version": 1, "annot');
    expect(run('merge-data', file, '--data-dir', target)).toMatchObject({ code: 1, err: expect.stringMatching(/il a sans doute été tronqué/) });
    expect(run('export-data', file, '--data-dir', source).err).toMatch(/existe déjà/);
  });

  it('exits 1 with French path:line messages when the pack is invalid', () => {
    const files = validPackFiles();
    files['essai/02-deuxieme-fiche.md'] = ficheMd(2, 'Deuxième', 'Texte', ['inconnu']);
    const result = run('import', writePack(files), '--data-dir', tempDir());
    expect(result.code).toBe(exitCodes.badInput);
    expect(result.err).toMatch(/est refusé \(1 problème\)/);
    expect(result.err).toMatch(/02-deuxieme-fiche\.md:6: thème « inconnu » absent du vocabulaire/);
  });

  it('exits 1 for what does not exist and 2 for usage mistakes', () => {
    const dataDir = tempDir();
    expect(run('show', 'nulle-part', '3', '--data-dir', dataDir)).toMatchObject({ code: 1, err: 'Le kit « nulle-part » n’existe pas dans cette base.' });
    expect(run('show', 'municipaless', 'trois', '--data-dir', dataDir).code).toBe(exitCodes.usage);
    expect(run('list', '--inconnue').code).toBe(exitCodes.usage);
    expect(run('danse').code).toBe(exitCodes.usage);
    expect(run().code).toBe(exitCodes.usage);
    expect(run('--help')).toMatchObject({ code: 0, out: expect.stringContaining('kits-ess import <paquet.zip | dossier>') });
  });

  it('says in French what is wrong with an option, a filter or a file to write', () => {
    const dataDir = tempDir();
    const usage = (...argv: string[]) => {
      const result = run(...argv);
      expect(result.code).toBe(exitCodes.usage);
      return result.err.split('\n')[0];
    };
    expect(usage('list', '--data-dir')).toBe('L’option --data-dir attend une valeur.');
    expect(usage('search', '-cantine', '--data-dir', dataDir)).toMatch(/^Option inconnue : -c\. Pour commencer la recherche par une exclusion : search -- "-mot autre"\.$/);
    expect(usage('search', '  ', '--data-dir', dataDir)).toBe('La recherche est vide.');
    expect(usage('merge-data', 'a.json', 'b.json', '--data-dir', dataDir)).toBe('Indiquez un seul fichier d’export à la fois.');
    // An exclusion first, after « -- », is a search like any other.
    expect(run('search', '--data-dir', dataDir, '--', '-cantine restauration')).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+ résultats?/) });

    // A filter that names nothing is refused rather than finding nothing.
    expect(run('search', 'cantine', '--theme', 'astrologie', '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/^Thème inconnu : « astrologie »\. Valeurs possibles : .*alimentation/) });
    expect(run('annotations', '--kit', 'nulle-part', '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/^Kit inconnu : « nulle-part »/) });

    const missingFolder = path.join(tempDir(), 'absent', 'export.json');
    expect(run('export-data', missingFolder, '--data-dir', dataDir)).toMatchObject({ code: 1, err: `Le dossier ${path.dirname(missingFolder)} n’existe pas : rien n’a été écrit.` });
    const folder = tempDir();
    expect(run('backup', folder, '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringMatching(/est un dossier : indiquez le nom du fichier de sauvegarde/) });
  });

  it('runs as the installed kits-ess bin', () => {
    const bin = path.join(projectRoot, 'src', 'cli', 'kits-ess.mjs');
    const dataDir = tempDir();
    expect(execFileSync(bin, ['list', '--data-dir', dataDir], { encoding: 'utf8' })).toMatch(/RégionalESS/);
    const failed = spawnSync(bin, ['show', 'municipaless', '999', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/La fiche n° 999 n’existe pas/);
  });
});
