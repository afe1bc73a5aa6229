import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledContentDir } from '../app-paths';
import { textPdf } from '../documents/test-documents/generate';
import { KnowledgeBase } from '../knowledge-base';

let dataDir: string;
let kb: KnowledgeBase;
let pdf: string;
let id: string;
const api = () => kb.handlers();
const sentence = 'La légumerie départementale approvisionne les collèges.';

/** A selector for `exact` as the reader sends it: positions over the page's extracted text. */
function selectorOn(page: number, exact: string) {
  const text = api().getDocumentPage({ id, page }).text;
  const start = text.indexOf(exact);
  expect(start).toBeGreaterThanOrEqual(0);
  return { exact, prefix: '', suffix: '', start, end: start + exact.length };
}

async function importPdf(): Promise<string> {
  const job = await kb.imports.wait(kb.imports.start({ path: pdf }).jobId);
  return job.result?.document.id ?? '';
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-doc-notes-'));
  kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false });
  pdf = path.join(dataDir, 'spaser.pdf');
  const pages = [1, 2, 3].map((n) => [`Schéma d’achats, page ${n}.`, ...(n === 3 ? [sentence] : ['Les coopératives du territoire.'])]);
  fs.writeFileSync(pdf, await textPdf(pages, 'SPASER 2025'));
  id = await importPdf();
}, 120_000);

afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('annotations on library documents', () => {
  it('highlights a passage of a page with a note, listed with the document title and page, kept on this computer', () => {
    const note = kb.annotations.create({ document: { id, page: 3 }, selector: selectorOn(3, sentence), color: 'vert', note: 'À citer', tags: ['achats'] });
    expect(note).toMatchObject({ kit: null, number: null, document: { id, page: 3, title: 'SPASER 2025' }, status: 'anchored', note: 'À citer' });
    expect(note.selector?.exact).toBe(sentence);
    expect(kb.annotations.list({ document: id }).map((a) => a.id)).toEqual([note.id]);
    expect(kb.annotations.list({ document: id, page: 2 })).toEqual([]);
    expect(api().getDocument({ id }).annotationCount).toBe(1);
    expect(api().exportAnnotations({ document: id }).markdown).toContain('## Document « SPASER 2025 », page 3');

    // Neither the team outbox nor the exchange file carry it: the document itself does not travel.
    expect(kb.db.prepare('SELECT doc_id FROM sync_outbox WHERE doc_id = ?').get(`annotation:${note.id}`)).toBeUndefined();
    const exported = JSON.parse(api().exportUserData({}).json) as { annotations: { id: string }[] };
    expect(exported.annotations.map((a) => a.id)).not.toContain(note.id);
  });

  it('refuses a passage that is not on the page, or two targets at once, and writes nothing', () => {
    const before = kb.annotations.list({}).length;
    const wrong = { ...selectorOn(3, sentence), exact: 'Un autre passage du texte, qui n’y est pas.' };
    expect(() => kb.annotations.create({ document: { id, page: 3 }, selector: wrong })).toThrow(/ne correspond pas au texte de la page/);
    expect(() => kb.annotations.create({ document: { id, page: 9 }, selector: null })).toThrow('La page 9 de ce document n’est pas dans la bibliothèque.');
    expect(() => kb.annotations.create({ kit: 'municipaless', number: 1, document: { id, page: 3 }, selector: null })).toThrow(
      /soit sur une fiche \(kit et numéro\), soit sur une page de document/,
    );
    expect(kb.annotations.list({}).length).toBe(before);
  });

  it('keeps the annotations of a removed document as orphans, and puts them back on their words when it is imported again', async () => {
    const [note] = kb.annotations.list({ document: id, page: 3 });
    expect(api().removeDocument({ id })).toEqual({ id, orphanedAnnotations: 1 });
    expect(kb.annotations.list({ document: id })).toMatchObject([{ id: note?.id, status: 'orphan', document: { id, page: 3, title: null } }]);
    expect(await importPdf()).toBe(id);
    const [back] = kb.annotations.list({ document: id });
    expect(back).toMatchObject({ id: note?.id, status: 'anchored', selector: note?.selector, document: { title: 'SPASER 2025' } });
  }, 120_000);
});
