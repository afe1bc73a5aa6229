import mammoth from 'mammoth';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { tempDir } from '../test-support/temp-dir';

let kb: KnowledgeBase;
beforeEach(() => {
  kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
  return () => kb.close();
});

function passage(kit: string, number: number, exact: string) {
  const text = (kb.db.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(kit, number) as { body_text: string }).body_text;
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`passage not found: ${exact}`);
  return { exact, start, end: start + exact.length, prefix: '', suffix: '' };
}

async function wordText(base64: string): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(base64, 'base64') })).value;
}

describe('notes shared with a colleague', () => {
  it('are written to a Word document with fiche titles, official links, quotes, plain notes, tags and author', async () => {
    kb.handlers().setAuthorName({ name: 'Jean Martin' });
    const first = kb.annotations.create({
      kit: 'departementaless',
      number: 7,
      selector: passage('departementaless', 7, 'collèges'),
      note: 'Voir la **légumerie** du Champsaur.',
      tags: ['cantine'],
    });
    const second = kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Relire avant la commission' });
    kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Note non choisie' });
    expect(first.authorName).toBe('Jean Martin');

    const { fileName, base64 } = await kb.handlers().exportAnnotationsDocx({ ids: [first.id, second.id] });
    expect(fileName).toMatch(/^notes-kits-ess-\d{4}-\d{2}-\d{2}\.docx$/);
    const text = await wordText(base64);
    expect(text).toContain('DépartementalESS, fiche 7 : Agriculture, alimentation & ESS');
    expect(text).toContain('MunicipalESS, fiche 7 : Commande publique responsable');
    expect(text).toContain('« collèges »');
    // The note in plain words: no Markdown signs reach the colleague.
    expect(text).toContain('Voir la légumerie du Champsaur.');
    expect(text).not.toContain('**');
    expect(text).toContain('Relire avant la commission');
    expect(text).toContain('Étiquettes : cantine');
    expect(text).toMatch(/par Jean Martin, créée le \d{1,2}(er)? \p{L}+ \d{4}/u);
    expect(text).toMatch(/Fiche officielle : https:\/\/\S+/);
    expect(text).not.toContain('Note non choisie');
  });

  it('name an author only from « Votre nom » on; a note that no longer exists is said, not skipped', async () => {
    const before = kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Avant' });
    expect(before.authorName).toBe('');
    const project = kb.projects.create({ title: 'Sans auteur', status: 'idee' });
    expect(project.authorName).toBe('');
    kb.handlers().setAuthorName({ name: '  Anne  ' });
    expect(kb.handlers().getAuthorName({})).toEqual({ name: 'Anne' });
    expect(kb.projects.create({ title: 'Avec auteur', status: 'idee' }).authorName).toBe('Anne');

    const dispatch = createDispatch(kb.handlers(), () => {});
    kb.annotations.delete(before.id);
    expect(await dispatch('shareAnnotations', { ids: [before.id] })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Une des notes choisies n’existe plus : rechargez la page.' } });
    expect(await dispatch('exportAnnotationsDocx', { ids: [] })).toMatchObject({ ok: false, error: { message: 'Choisissez au moins une note.' } });
    expect(await dispatch('setAuthorName', { name: 'x'.repeat(81) })).toMatchObject({ ok: false, error: { message: 'Votre nom fait au plus 80 caractères.' } });
    expect(kb.handlers().getAuthorName({})).toEqual({ name: 'Anne' });
  });

  it('become plain text and escaped HTML for the clipboard and e-mail', () => {
    kb.handlers().setAuthorName({ name: 'Jean <Martin>' });
    const a = kb.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'Un <script>alert(1)</script> & *accent*', tags: ['achats'] });
    const shared = kb.handlers().shareAnnotations({ ids: [a.id] });
    expect(shared.subject).toBe('Notes Kits ESS : MunicipalESS, fiche 7 : Commande publique responsable');
    expect(shared.text).toContain('Note sur l’ensemble de la fiche.\nUn');
    expect(shared.text).toContain('Étiquettes : achats\n— par Jean <Martin>, créée le');
    expect(shared.html).not.toContain('<script>');
    expect(shared.html).toContain('&lt;script&gt;');
    expect(shared.html).toContain('par Jean &lt;Martin&gt;');
  });
});

describe('project dossier', () => {
  it('is written to a Word document with its fiches, passages and author', async () => {
    kb.handlers().setAuthorName({ name: 'Jean Martin' });
    const project = kb.projects.create({ title: 'Légumerie solidaire', status: 'etude', lead: 'Direction de l’éducation', description: 'Une **légumerie** en chantier d’insertion.' });
    const note = kb.annotations.create({ kit: 'departementaless', number: 7, selector: passage('departementaless', 7, 'collèges'), note: 'Débouché sûr' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, annotationId: note.id, reason: 'exemple' });
    const { fileName, base64 } = await kb.handlers().exportDossierDocx({ id: project.id });
    expect(fileName).toBe('dossier-legumerie-solidaire.docx');
    const text = await wordText(base64);
    for (const expected of [
      'Légumerie solidaire',
      'Porteur : Direction de l’éducation',
      'Une légumerie en chantier d’insertion.',
      'Fiches de référence',
      'DépartementalESS, fiche 7 : Agriculture, alimentation & ESS',
      'Pourquoi : levier',
      '« collèges »',
      'Débouché sûr',
      'Dossier préparé par Jean Martin avec Kits ESS le',
    ]) {
      expect(text).toContain(expected);
    }
    expect(kb.handlers().exportDossier({ id: project.id }).markdown).toContain('_Dossier préparé par Jean Martin avec Kits ESS le');
  });
});
