import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { bundledContentDir } from '../app-paths';
import { textPdf } from '../documents/test-documents/generate';
import { KnowledgeBase } from '../knowledge-base';

let dataDir: string;
let kb: KnowledgeBase;
let pdf: string;
let id: string;
const api = () => kb.handlers();
const sentence = 'La légumerie départementale approvisionne les collèges.';

async function importPdf(): Promise<string> {
  const job = await kb.imports.wait(kb.imports.start({ path: pdf }).jobId);
  return job.result?.document.id ?? '';
}

/** An annotation on `page` of the document, on `exact` as the reader selects it over the page's extracted text. */
function annotate(page: number, exact: string, note: string) {
  const text = api().getDocumentPage({ id, page }).text;
  const start = text.indexOf(exact);
  expect(start).toBeGreaterThanOrEqual(0);
  return kb.annotations.create({ document: { id, page }, selector: { exact, prefix: '', suffix: '', start, end: start + exact.length }, note });
}

/** Everything a refused link could have changed: the links, and the project's modification date. */
function linkState(projectId: string) {
  return { links: kb.db.prepare('SELECT * FROM project_links ORDER BY id').all(), project: kb.projects.get(projectId).updatedAt };
}

beforeAll(async () => {
  // One data folder for the whole file (the PDF is imported once): removed after the last test.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-doc-links-'));
  kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false });
  pdf = path.join(dataDir, 'spaser.pdf');
  const pages = [1, 2, 3].map((n) => [`Schéma d’achats, page ${n}.`, n === 2 ? sentence : 'Les coopératives du territoire.']);
  fs.writeFileSync(pdf, await textPdf(pages, 'SPASER 2025'));
  id = await importPdf();
}, 120_000);

afterAll(() => {
  kb.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('project links to library documents', () => {
  it('link a whole document, a page and an annotated passage, listed after the fiches in reading order, and from the document', () => {
    const project = kb.projects.create({ title: 'Légumerie solidaire' });
    const note = annotate(2, sentence, 'Débouché pour la **légumerie**');
    kb.projects.link({ projectId: project.id, document: { id, page: 2 }, annotationId: note.id, reason: 'exemple' });
    kb.projects.link({ projectId: project.id, document: { id, page: 3 }, reason: 'point de vigilance' });
    kb.projects.link({ projectId: project.id, document: { id }, reason: 'levier' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });

    const { links } = kb.projects.get(project.id);
    expect(links.map((l) => [l.kit, l.document?.page, l.reason])).toEqual([
      ['departementaless', undefined, 'levier'],
      [null, null, 'levier'],
      [null, 2, 'exemple'],
      [null, 3, 'point de vigilance'],
    ]);
    expect(links[2]).toMatchObject({
      document: { id, page: 2, title: 'SPASER 2025', removed: false },
      annotationId: note.id,
      quote: sentence,
      note: 'Débouché pour la **légumerie**',
    });
    expect(api().listDocumentLinks({ id }).map((l) => [l.projectTitle, l.document?.page])).toEqual([
      ['Légumerie solidaire', null],
      ['Légumerie solidaire', 2],
      ['Légumerie solidaire', 3],
    ]);
    // The project's annotation filter finds the document passage too.
    expect(kb.annotations.list({ project: project.id }).map((a) => a.id)).toEqual([note.id]);
    // Document links stay on this computer, as the documents do.
    expect(kb.db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE doc_id LIKE 'project_link:%'").get()).toEqual({ n: 1 });
    const exported = JSON.parse(api().exportUserData({}).json) as { links: { kit: string }[] };
    expect(exported.links.map((l) => l.kit)).toEqual(['departementaless']);
  });

  it('refuses an unknown document, a page it does not have, a passage of another page or of a fiche, two targets or none, changing nothing', async () => {
    const project = kb.projects.create({ title: 'Tiers-lieu' });
    const onPage2 = annotate(2, 'Schéma d’achats', '');
    const onFiche = kb.annotations.create({ kit: 'municipaless', number: 1, selector: null, note: 'Sur la fiche' });
    const before = linkState(project.id);
    const dispatch = createDispatch(api(), () => {});
    const refusal = async (input: Record<string, unknown>) => {
      const result = await dispatch('linkToProject', { projectId: project.id, reason: 'levier', ...input });
      return result.ok ? 'accepted' : result.error.message;
    };
    expect(await refusal({ document: { id: 'b'.repeat(64) } })).toBe('Ce document n’est pas (ou plus) dans la bibliothèque.');
    expect(await refusal({ document: { id, page: 4 } })).toBe('Ce document n’a pas de page 4 (il en compte 3).');
    expect(await refusal({ document: { id, page: 0 } })).toBe('Les pages se comptent à partir de 1.');
    expect(await refusal({ document: { id: 'spaser.pdf' } })).toBe('Identifiant de document invalide (empreinte SHA-256 attendue).');
    expect(await refusal({ document: { id, page: 3 }, annotationId: onPage2.id })).toBe(
      'L’annotation est sur la page 2 du document : liez-la avec cette page.',
    );
    expect(await refusal({ document: { id }, annotationId: onPage2.id })).toBe('L’annotation est sur la page 2 du document : liez-la avec cette page.');
    expect(await refusal({ document: { id, page: 1 }, annotationId: onFiche.id })).toBe('L’annotation n’appartient pas à ce document.');
    expect(await refusal({ kit: 'municipaless', number: 1, annotationId: onPage2.id })).toBe('L’annotation n’appartient pas à cette fiche.');
    expect(await refusal({ kit: 'municipaless', number: 1, document: { id } })).toBe(
      'Un lien porte soit sur une fiche (kit et numéro), soit sur un document de la bibliothèque.',
    );
    expect(await refusal({})).toBe('Un lien porte soit sur une fiche (kit et numéro), soit sur un document de la bibliothèque.');
    expect(await refusal({ document: { id, page: 1, extra: true } })).not.toBe('accepted');
    // Several at once: one refused target, and none is linked.
    const many = await dispatch('linkManyToProject', {
      projectId: project.id,
      reason: 'levier',
      targets: [{ document: { id, page: 1 } }, { kit: 'municipaless', number: 1 }, { document: { id, page: 9 } }],
    });
    expect(many).toMatchObject({ ok: false, error: { message: 'Ce document n’a pas de page 9 (il en compte 3).' } });
    expect(linkState(project.id)).toEqual(before);
  });

  it('writes the documents and their passages into the Markdown and Word dossiers, after the fiches', async () => {
    const project = kb.projects.create({ title: 'Achats responsables' });
    const note = annotate(2, sentence, 'À citer en commission');
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.projects.link({ projectId: project.id, document: { id, page: 3 }, reason: 'point de vigilance' });
    kb.projects.link({ projectId: project.id, document: { id, page: 2 }, annotationId: note.id, reason: 'exemple' });

    const { markdown } = api().exportDossier({ id: project.id });
    const documents = markdown.indexOf('## Documents de la bibliothèque');
    expect(documents).toBeGreaterThan(markdown.indexOf('## Fiches de référence'));
    expect(markdown.slice(documents)).toContain(
      ['### SPASER 2025, page 2', '', '_Pourquoi : exemple_', '', `> « ${sentence} »`, '', 'À citer en commission', '', '### SPASER 2025, page 3', '', '_Pourquoi : point de vigilance_'].join('\n'),
    );

    const word = (await mammoth.extractRawText({ buffer: Buffer.from((await api().exportDossierDocx({ id: project.id })).base64, 'base64') })).value;
    const lines = word.split('\n').filter((l) => l.trim());
    const from = lines.indexOf('Documents de la bibliothèque');
    expect(from).toBeGreaterThan(lines.indexOf('Fiches de référence'));
    expect(lines.slice(from, from + 7)).toEqual([
      'Documents de la bibliothèque',
      'SPASER 2025, page 2',
      'Pourquoi : exemple',
      `« ${sentence} »`,
      'À citer en commission',
      'SPASER 2025, page 3',
      'Pourquoi : point de vigilance',
    ]);
  });

  it('writes a hostile document title as inert Markdown in the dossier', () => {
    const project = kb.projects.create({ title: 'Titre piégé' });
    kb.projects.link({ projectId: project.id, document: { id }, reason: 'levier' });
    api().updateDocumentMetadata({ id, title: 'SPASER <script>alert(1)</script> [voir](javascript:alert(2))' });
    const { markdown } = api().exportDossier({ id: project.id });
    api().updateDocumentMetadata({ id, title: 'SPASER 2025' });
    expect(markdown).toContain('### SPASER &lt;script>alert(1)&lt;/script> [voir](#javascript:alert(2)), document entier');
    expect(markdown).not.toMatch(/<script|\]\(javascript:/);
  });

  it('keep the links of a removed document, naming its title, until it comes back', async () => {
    const project = kb.projects.create({ title: 'Ressourcerie' });
    kb.projects.link({ projectId: project.id, document: { id, page: 1 }, reason: 'levier' });
    api().updateDocumentMetadata({ id, title: 'SPASER du département' });
    api().removeDocument({ id });

    expect(kb.projects.get(project.id).links).toMatchObject([{ document: { id, page: 1, title: 'SPASER du département', removed: true }, reason: 'levier' }]);
    expect(api().listDocumentLinks({ id }).length).toBeGreaterThan(0);
    expect(api().exportDossier({ id: project.id }).markdown).toContain('### SPASER du département (retiré de la bibliothèque), page 1');
    // A removed document takes no new link.
    expect(() => kb.projects.link({ projectId: project.id, document: { id }, reason: 'levier' })).toThrow('Ce document n’est pas (ou plus) dans la bibliothèque.');

    expect(await importPdf()).toBe(id);
    expect(kb.projects.get(project.id).links).toMatchObject([{ document: { id, page: 1, title: 'SPASER 2025', removed: false } }]);
  }, 120_000);
});
