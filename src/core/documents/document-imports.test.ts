import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../shared/document-schemas';
import { maxDocumentBytes } from '../../shared/document-limits';
import { KbError } from '../../shared/errors';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import type { ImportSource } from './document-imports';
import { documentsDirName, originalPath } from './document-library';
import { writeRawZip } from '../test-support/raw-zip';
import { docx, docxParts, encryptedPdf, imageOnlyPdf, textPdf } from './test-documents/generate';

let dataDir: string;
let kb: KnowledgeBase;
let work: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-library-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-library-files-'));
  kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false });
});

afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const api = () => kb.handlers();

/** Writes `bytes` as `name` in the work folder and returns its path. */
function file(name: string, bytes: Uint8Array | string): string {
  const target = path.join(work, name);
  fs.writeFileSync(target, bytes);
  return target;
}

async function importFile(input: ImportSource): Promise<ImportJob> {
  const started = kb.imports.start(input);
  return kb.imports.wait(started.jobId);
}

/** Every row of every table (search index included) and the stored originals: what an import must not change when refused. */
function snapshot(): string {
  const tables = kb.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) hash.update(name).update(JSON.stringify(kb.db.prepare(`SELECT * FROM "${name}"`).raw().all()));
  const stored = path.join(dataDir, documentsDirName);
  hash.update(JSON.stringify(fs.existsSync(stored) ? fs.readdirSync(stored).sort() : []));
  return hash.digest('hex');
}

/** 40 pages of French prose; « mutualisation » only on page 17, « légumerie » only on page 3. */
function reportPages(): string[][] {
  return Array.from({ length: 40 }, (_, index) => {
    const page = index + 1;
    const lines = [`Rapport sur l’économie sociale et solidaire, page ${page}.`, 'Les coopératives du territoire développent des emplois.'];
    if (page === 3) lines.push('La légumerie départementale approvisionne les collèges.');
    if (page === 17) lines.push('Une mutualisation des achats entre communes est envisagée.');
    return lines;
  });
}

describe('importing documents into the library', () => {
  it('imports a multi-page PDF off the main thread, page by page, and stores the original once under its SHA-256', async () => {
    const bytes = await textPdf(reportPages(), 'Rapport ESS 2024');
    const started = kb.imports.start({ path: file('rapport.pdf', bytes) });
    expect(started).toMatchObject({ state: 'running', fileName: 'rapport.pdf', result: null });
    const job = await kb.imports.wait(started.jobId);
    expect(job).toMatchObject({ state: 'done', pagesDone: 40, pageCount: 40, error: null });
    const document = job.result?.document;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(document).toMatchObject({ id: sha256, title: 'Rapport ESS 2024', author: 'RTES', format: 'pdf', pageCount: 40, scanned: false });
    expect(job.result?.message).toBe('« Rapport ESS 2024 » est importé (40 pages).');
    expect(fs.readFileSync(originalPath(dataDir, sha256))).toEqual(Buffer.from(bytes));

    expect(api().getDocumentPage({ id: sha256, page: 3 }).text).toContain('La légumerie départementale approvisionne les collèges.');
    expect(api().getDocumentPage({ id: sha256, page: 17 }).text).toContain('mutualisation');
    expect(() => api().getDocumentPage({ id: sha256, page: 41 })).toThrow('Ce document n’a pas de page 41 (il en compte 40).');
    expect(Buffer.from(api().getDocumentFile({ id: sha256 }).base64, 'base64')).toEqual(Buffer.from(bytes));
    expect(api().getImportJob({ jobId: started.jobId }).state).toBe('done');

    // The same file again (even under another name, as bytes): nothing added.
    const before = snapshot();
    const again = await kb.imports.wait(api().importDocument({ fileName: 'copie.pdf', base64: Buffer.from(bytes).toString('base64') }).jobId);
    expect(again.result).toMatchObject({ alreadyInLibrary: true, message: '« Rapport ESS 2024 » est déjà dans la bibliothèque.' });
    expect(snapshot()).toBe(before);
    expect(api().listDocuments({}).filter((d) => d.id === sha256)).toHaveLength(1);
  }, 120_000);

  it('finds a word of one page with the fiches’ French search: one hit per page, marked snippet, « Documents » facet', () => {
    const found = kb.search.search({ query: 'mutualisations ', facets: true });
    const hits = found.hits.filter((hit) => hit.type === 'document');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ type: 'document', page: 17, pageCount: 40 });
    expect(hits[0]?.type === 'document' && hits[0].snippet.filter((s) => s.mark).map((s) => s.text)).toEqual(['mutualisation']);
    expect(found.facets?.type).toContainEqual({ value: 'document', label: 'Documents', count: 1 });

    // Accents folded and stemmed as for fiches: « legumeries » finds « légumerie » on page 3.
    const folded = kb.search.search({ query: 'legumeries ' });
    expect(folded.hits.find((hit) => hit.type === 'document')).toMatchObject({ page: 3 });

    // The type filter keeps documents only; phrases and exclusions work as for fiches.
    const onlyDocuments = kb.search.search({ query: 'coopératives ', filters: { type: ['document'] }, limit: 100 });
    expect(onlyDocuments.hits.length).toBeGreaterThan(0);
    expect(onlyDocuments.hits.every((hit) => hit.type === 'document')).toBe(true);
    expect(onlyDocuments.total).toBe(40);
    expect(kb.search.search({ query: '"légumerie départementale" ', filters: { type: ['document'] } }).total).toBe(1);
    expect(kb.search.search({ query: 'coopératives -légumerie ', filters: { type: ['document'] }, limit: 100 }).total).toBe(39);
  });

  it('keeps a scanned PDF, marked as such, out of search', async () => {
    const job = await importFile({ path: file('scan-deliberation-lumiere.pdf', await imageOnlyPdf(2)) });
    expect(job.result?.document).toMatchObject({ scanned: true, pageCount: 2, title: 'scan-deliberation-lumiere' });
    expect(job.result?.message).toContain('document numérisé, sans texte');
    expect(kb.search.search({ query: 'deliberation lumiere ', filters: { type: ['document'] } }).total).toBe(0);
  }, 120_000);

  it('reads DOCX, Markdown, HTML (as text, scripts dropped) and plain text', async () => {
    const word = await importFile({
      path: file('deliberation.docx', await docx(['Délibération du conseil départemental', 'Le SPASER est adopté.'], { title: 'Délibération SPASER', author: 'Département' })),
    });
    expect(word.result?.document).toMatchObject({ format: 'docx', title: 'Délibération SPASER', author: 'Département', date: '2024-03-12', pageCount: 1 });
    const html = await importFile({
      path: file('appel.html', '<html><head><title>Appel à projets</title><script>alert("x")</script></head><body><h1>Appel</h1><p>Tiers-lieux &amp; fabriques</p></body></html>'),
    });
    const htmlPage = api().getDocumentPage({ id: html.result?.document.id ?? '', page: 1 }).text;
    expect(htmlPage).toBe('Appel\n\nTiers-lieux & fabriques');
    expect(html.result?.document.title).toBe('Appel à projets');
    const markdown = await importFile({ path: file('notes.md', '# Étude CRESS\n\nLes **circuits courts** en chiffres.') });
    expect(markdown.result?.document.title).toBe('Étude CRESS');
    expect(api().getDocumentPage({ id: markdown.result?.document.id ?? '', page: 1 }).text).toBe('Étude CRESS\n\nLes circuits courts en chiffres.');
    const text = await importFile({ path: file('memo.txt', 'Mémo : réunion du réseau.\r\n') });
    expect(text.result?.document).toMatchObject({ format: 'text', title: 'memo' });
    expect(kb.search.search({ query: 'spaser ', filters: { type: ['document'] } }).total).toBe(1);
  }, 120_000);

  it('proposes the fiche an official PDF belongs to, and records it as its official version', async () => {
    const byName = await importFile({ path: file('fiche12_kitdepartementaless.pdf', await textPdf([['Une fiche du kit.']])) });
    const suggested = byName.result?.document.suggestedFiche;
    expect(suggested).toMatchObject({ kit: 'departementaless', number: 12, kitTitle: 'DépartementalESS' });
    expect(suggested?.title).toBeTruthy();

    const byFirstPage = await importFile({ path: file('telechargement.pdf', await textPdf([['MunicipalESS', 'Fiche n° 4', 'Le texte de la fiche.']])) });
    expect(byFirstPage.result?.document.suggestedFiche).toMatchObject({ kit: 'municipaless', number: 4 });

    const id = byName.result?.document.id ?? '';
    expect(api().getOfficialDocument({ kit: 'departementaless', number: 12 })).toBeNull();
    const attached = api().attachDocumentToFiche({ id, fiche: { kit: 'departementaless', number: 12 } });
    expect(attached).toMatchObject({ fiche: { kit: 'departementaless', number: 12 }, suggestedFiche: null });
    expect(api().getOfficialDocument({ kit: 'departementaless', number: 12 })?.id).toBe(id);
    expect(() => api().attachDocumentToFiche({ id, fiche: { kit: 'departementaless', number: 999 } })).toThrow('n’existe pas');
    api().attachDocumentToFiche({ id, fiche: null });
    expect(api().getOfficialDocument({ kit: 'departementaless', number: 12 })).toBeNull();
  }, 120_000);

  it('edits the metadata; the search follows the new title', async () => {
    const job = await importFile({ path: file('sans-titre.txt', 'Un texte sur les monnaies locales.') });
    const id = job.result?.document.id ?? '';
    const updated = api().updateDocumentMetadata({ id, title: 'Étude monnaies complémentaires', author: 'CRESS', date: 'mars 2024' });
    expect(updated).toMatchObject({ title: 'Étude monnaies complémentaires', author: 'CRESS', date: 'mars 2024' });
    expect(kb.search.search({ query: 'complementaires ', filters: { type: ['document'] } }).hits[0]).toMatchObject({ id, page: 1 });
    expect(kb.search.search({ query: 'sans-titre ', filters: { type: ['document'] } }).total).toBe(0);
  }, 120_000);

  it('removes a document, its pages and its original', async () => {
    const job = await importFile({ path: file('a-retirer.txt', 'Texte provisoire sur les recycleries.') });
    const id = job.result?.document.id ?? '';
    expect(api().removeDocument({ id })).toEqual({ id, orphanedAnnotations: 0 });
    expect(fs.existsSync(originalPath(dataDir, id))).toBe(false);
    expect(kb.search.search({ query: 'recycleries ', filters: { type: ['document'] } }).total).toBe(0);
    expect(() => api().getDocument({ id })).toThrow('n’est pas (ou plus) dans la bibliothèque');
  }, 120_000);
});

describe('bad input: refused in French, the database and the data folder unchanged', () => {
  it('a truncated PDF', async () => {
    const whole = await textPdf(reportPages().slice(0, 3));
    const before = snapshot();
    const job = await importFile({ path: file('tronque.pdf', whole.subarray(0, Math.floor(whole.length / 3))) });
    expect(job).toMatchObject({ state: 'failed', result: null, error: 'Ce PDF est endommagé ou incomplet : il ne peut pas être lu. Rien n’a été importé.' });
    expect(snapshot()).toBe(before);
  }, 120_000);

  it('a file that is not what its extension says', () => {
    const before = snapshot();
    expect(() => kb.imports.start({ path: file('rapport-faux.pdf', 'Ceci est du texte, pas un PDF.') })).toThrow(
      '« rapport-faux.pdf » n’est pas un fichier PDF valide : son contenu ne correspond pas à son extension. Rien n’a été importé.',
    );
    expect(() => kb.imports.start({ path: file('note.txt', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0xfe])) })).toThrow(
      'n’est pas un fichier texte valide',
    );
    expect(() => kb.imports.start({ path: file('photo.jpg', 'x') })).toThrow('format non pris en charge');
    expect(snapshot()).toBe(before);
  });

  it('a file over 200 MB, refused from its size before it is read', () => {
    const big = path.join(work, 'enorme.pdf');
    fs.writeFileSync(big, '%PDF-1.7\n');
    fs.truncateSync(big, maxDocumentBytes + 1);
    const before = snapshot();
    let error: unknown;
    try {
      kb.imports.start({ path: big });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KbError);
    expect((error as KbError).message).toBe('« enorme.pdf » pèse plus de 190,7 Mo : la bibliothèque accepte des fichiers jusqu’à 190,7 Mo. Rien n’a été importé.');
    expect(snapshot()).toBe(before);
  });

  it('a DOCX whose parts unzip past the cap (declared sizes read before mammoth)', async () => {
    const bomb = await docx(['Petit texte'], { title: 'Bombe', author: 'X' }, { declaredSize: 0xfffffff0 });
    const before = snapshot();
    const job = await importFile({ path: file('bombe.docx', bomb) });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/^Ce fichier Word se décompresse en plus de \d+ Mo : il est refusé par prudence\. Rien n’a été importé\.$/);
    expect(snapshot()).toBe(before);
  }, 120_000);

  it('a DOCX whose directory under-declares a part is refused, database unchanged', async () => {
    const target = path.join(work, 'menteur.docx');
    const parts = docxParts(Array.from({ length: 20_000 }, () => 'Un paragraphe du rapport.'), { title: 'Menteur', author: 'X' });
    writeRawZip(
      target,
      Object.entries(parts).map(([name, data]) => ({ name, data, deflate: true, ...(name === 'word/document.xml' ? { declaredSize: 100 } : {}) })),
    );
    const before = snapshot();
    const job = await importFile({ path: target });
    expect(job.state).toBe('failed');
    expect(job.error).toBe('Ce fichier Word (.docx) est illisible ou endommagé. Rien n’a été importé.');
    expect(snapshot()).toBe(before);
  }, 120_000);

  it('an encrypted PDF asks for its password, refuses a wrong one, and imports with the right one', async () => {
    const encrypted = encryptedPdf(await textPdf([['Convention confidentielle de partenariat.']]), 'secret-rtes', work);
    const target = file('convention.pdf', encrypted);
    const before = snapshot();
    const asked = await importFile({ path: target });
    expect(asked).toMatchObject({ state: 'password-required', error: 'Ce PDF est protégé par un mot de passe : saisissez-le pour l’importer.' });
    const wrong = await importFile({ path: target, password: 'pas-le-bon' });
    expect(wrong).toMatchObject({ state: 'password-required', error: 'Mot de passe incorrect pour ce PDF : réessayez.' });
    expect(snapshot()).toBe(before);
    const opened = await importFile({ path: target, password: 'secret-rtes' });
    expect(opened.state).toBe('done');
    expect(api().getDocumentPage({ id: opened.result?.document.id ?? '', page: 1 }).text).toBe('Convention confidentielle de partenariat.');
  }, 120_000);

  it('« Annuler » stops the extraction and writes nothing', async () => {
    const bytes = await textPdf(reportPages().map((lines) => [...lines, 'Annexe à annuler.']));
    const before = snapshot();
    const started = kb.imports.start({ path: file('annule.pdf', bytes) });
    // Cancelled in the same turn as the start: the worker cannot have answered yet.
    expect(api().cancelImport({ jobId: started.jobId }).state).toBe('cancelled');
    const job = await kb.imports.wait(started.jobId);
    expect(job).toMatchObject({ state: 'cancelled', result: null });
    expect(snapshot()).toBe(before);
  }, 120_000);

  it('closing the knowledge base stops the imports under way', async () => {
    const other = KnowledgeBase.open({ dataDir: fs.mkdtempSync(path.join(work, 'ferme-')), appVersion: 'test', dailyBackup: false });
    const started = other.imports.start({ path: file('ferme.txt', 'Texte jamais écrit.') });
    other.close();
    expect(await other.imports.wait(started.jobId)).toMatchObject({ state: 'cancelled', result: null });
  });
});
