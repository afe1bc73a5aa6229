import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { KbError } from '../../shared/errors';
import type { Annotation } from '../../shared/schemas';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, kitYaml, vocabularyYaml, writePack } from '../test-support/packs';
import { tempDir } from '../test-support/temp-dir';
import { quoteContext } from './anchoring';

const body =
  'La commune peut réserver certains marchés aux structures d’insertion.\n\n' +
  'Elle peut aussi intégrer une clause sociale dans ses marchés de travaux.';

function pack(text: string, edition = '2026-01-01', withFiche = true): string {
  return writePack({
    'vocabulaire.yml': vocabularyYaml,
    'essai/kit.yml': kitYaml(edition),
    ...(withFiche ? { 'essai/01-achats.md': ficheMd(1, 'Achats', text) } : {}),
    'essai/02-autre.md': ficheMd(2, 'Autre', 'Une autre fiche.'),
  });
}

let kb: KnowledgeBase;
beforeEach(() => {
  kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
  kb.importPack(pack(body));
  return () => kb.close();
});

function select(exact: string) {
  const bodyText = (kb.db.prepare('SELECT body_text FROM fiches WHERE number = 1').get() as { body_text: string }).body_text;
  const start = bodyText.indexOf(exact);
  return { exact, start, end: start + exact.length, prefix: '', suffix: '' };
}

describe('annotations', () => {
  it('stores a highlight with its quote, 32 characters of context, note and tags', () => {
    const created = kb.annotations.create({
      kit: 'essai',
      number: 1,
      selector: select('clause sociale'),
      color: 'jaune',
      note: 'À proposer en **commission**',
      tags: ['achats', ' Achats ', 'insertion'],
    });
    expect(created).toMatchObject({ status: 'anchored', color: 'jaune', ficheTitle: 'Achats', tags: ['achats', 'insertion'] });
    expect(created.selector?.prefix).toBe('structures d’insertion.\n\nElle peut aussi intégrer une '.slice(-32));
    expect(created.selector?.prefix).toHaveLength(32);
    expect(created.selector?.suffix).toBe(' dans ses marchés de travaux.');
    expect(kb.annotations.list({ kit: 'essai', number: 1, sort: 'reading' })).toEqual([created]);
    expect(kb.annotations.tags()).toEqual([
      { tag: 'achats', count: 1 },
      { tag: 'insertion', count: 1 },
    ]);
  });

  it('takes a note on the whole fiche', () => {
    const note = kb.annotations.create({ kit: 'essai', number: 2, selector: null, note: 'Lire avant le conseil.' });
    expect(note).toMatchObject({ status: 'fiche', selector: null, note: 'Lire avant le conseil.' });
  });

  it('refuses selectors outside the text or not matching it, and notes over 100,000 characters', async () => {
    const outside = { exact: 'x', start: 5000, end: 5001, prefix: '', suffix: '' };
    expect(() => kb.annotations.create({ kit: 'essai', number: 1, selector: outside })).toThrow(/dépasse la fin de la fiche/);
    const wrong = { ...select('clause sociale'), exact: 'clause sociaux' };
    expect(() => kb.annotations.create({ kit: 'essai', number: 1, selector: wrong })).toThrow(KbError);
    expect(() => kb.annotations.create({ kit: 'essai', number: 9, selector: null })).toThrow(/n’existe pas/);
    const { createDispatch } = await import('../../shared/dispatch');
    const dispatch = createDispatch(kb.handlers(), () => {});
    const tooLong = await dispatch('createAnnotation', { kit: 'essai', number: 1, selector: null, note: 'a'.repeat(100_001) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(tooLong)).toMatch(/au plus 100.000 caractères/);
    const reversed = await dispatch('createAnnotation', { kit: 'essai', number: 1, selector: { exact: 'a', start: 9, end: 3, prefix: '', suffix: '' } });
    expect(JSON.stringify(reversed)).toMatch(/La fin du passage doit suivre son début/);
  });

  it('edits note, tags and colour, and restores a deleted annotation exactly', () => {
    const created = kb.annotations.create({ kit: 'essai', number: 1, selector: select('clause sociale'), tags: ['a'] });
    const edited = kb.annotations.update({ id: created.id, note: 'Vu avec le service achats', tags: ['b', 'c'], color: 'vert' });
    expect(edited).toMatchObject({ note: 'Vu avec le service achats', tags: ['b', 'c'], color: 'vert', createdAt: created.createdAt });
    const deleted = kb.annotations.delete(created.id);
    expect(kb.annotations.list({ sort: 'date' })).toEqual([]);
    const restored = kb.annotations.restore(deleted);
    expect(restored).toEqual(deleted);
    expect(() => kb.annotations.restore(deleted)).toThrow(/déjà/);
  });

  it('filters by tag and colour and sorts by reading order or date', () => {
    const first = kb.annotations.create({ kit: 'essai', number: 1, selector: select('clause sociale'), color: 'bleu', tags: ['x'] });
    const second = kb.annotations.create({ kit: 'essai', number: 1, selector: select('La commune'), color: 'rose' });
    expect(kb.annotations.list({ sort: 'reading' }).map((a) => a.id)).toEqual([second.id, first.id]);
    expect(kb.annotations.list({ tag: 'X', sort: 'reading' }).map((a) => a.id)).toEqual([first.id]);
    expect(kb.annotations.list({ color: 'rose', sort: 'reading' }).map((a) => a.id)).toEqual([second.id]);
  });
});

describe('annotations through content updates', () => {
  function annotate(exact: string): Annotation {
    return kb.annotations.create({ kit: 'essai', number: 1, selector: select(exact), note: 'Ma note' });
  }

  it('follow their passage into a new edition, or become orphans with their note intact', () => {
    const kept = annotate('clause sociale');
    const lost = annotate('structures d’insertion');
    const newText = `Introduction ajoutée.\n\n${body.replace('structures d’insertion', 'entreprises adaptées')}`;
    kb.importPack(pack(newText, '2026-06-01'));
    const [movedKept, orphan] = [kb.annotations.get(kept.id), kb.annotations.get(lost.id)];
    const text = (kb.db.prepare('SELECT body_text FROM fiches WHERE number = 1').get() as { body_text: string }).body_text;
    expect(movedKept.status).toBe('anchored');
    expect(text.slice(movedKept.selector?.start, movedKept.selector?.end)).toBe('clause sociale');
    expect(movedKept.selector?.prefix).toBe(quoteContext(text, movedKept.selector?.start ?? 0, 0).prefix);
    expect(orphan).toMatchObject({ status: 'orphan', note: 'Ma note', selector: { exact: 'structures d’insertion' } });
  });

  it('are kept when their fiche disappears, and come back with it', () => {
    const a = annotate('clause sociale');
    kb.importPack(pack(body, '2026-06-01', false));
    expect(kb.annotations.get(a.id)).toMatchObject({ status: 'orphan', ficheTitle: null, note: 'Ma note' });
    kb.importPack(pack(body, '2026-07-01'));
    expect(kb.annotations.get(a.id)).toMatchObject({ status: 'anchored', ficheTitle: 'Achats' });
  });

  it('can be re-attached to a new passage by the user', () => {
    const a = annotate('structures d’insertion');
    kb.importPack(pack(body.replace('structures d’insertion', 'SIAE'), '2026-06-01'));
    expect(kb.annotations.get(a.id).status).toBe('orphan');
    const reattached = kb.annotations.update({ id: a.id, selector: select('SIAE') });
    expect(reattached).toMatchObject({ status: 'anchored', selector: { exact: 'SIAE' }, note: 'Ma note' });
  });
});

describe('export', () => {
  it('writes a Markdown document with quotes, notes, tags and fiche references', () => {
    kb.annotations.create({ kit: 'essai', number: 1, selector: select('clause sociale'), note: 'Prévoir 5 % des heures.', tags: ['achats'], color: 'jaune' });
    kb.annotations.create({ kit: 'essai', number: 2, selector: null, note: 'À relire.' });
    const one = kb.exportAnnotations({ kit: 'essai', number: 1 });
    expect(one.fileName).toMatch(/^annotations-essai-01-\d{4}-\d{2}-\d{2}\.md$/);
    expect(one.markdown).toContain('## Kit d’essai, fiche 1 : Achats');
    expect(one.markdown).toContain('Fiche officielle : https://rtes.fr');
    expect(one.markdown).toContain('> « clause sociale »');
    expect(one.markdown).toContain('Prévoir 5 % des heures.');
    expect(one.markdown).toContain('_Étiquettes : achats · surlignage jaune · créée le ');
    expect(one.markdown).not.toContain('À relire.');
    const [first] = kb.annotations.list({ kit: 'essai', number: 1 });
    if (!first) throw new Error('the annotation of fiche 1 is missing');
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-03-04T10:00:00Z') });
    kb.annotations.update({ id: first.id, note: 'Prévoir 10 % des heures.' });
    vi.useRealTimers();
    expect(kb.exportAnnotations({ kit: 'essai', number: 1 }).markdown).toContain('· modifiée le 4 mars 2031');
    const all = kb.exportAnnotations({});
    expect(all.markdown).toContain('_Note sur l’ensemble de la fiche._');
    expect(all.markdown).toMatch(/Exportées le .*: 2 annotations\./);
  });

  it('exports hostile notes as inert Markdown: raw HTML as text, no script or data link', () => {
    kb.annotations.create({
      kit: 'essai',
      number: 1,
      selector: select('clause sociale'),
      note: '<img src=x onerror=alert(1)> [clic](javascript:alert(1)) ![x](data:text/html,<b>)',
      tags: ['<b>gras</b>'],
    });
    const { markdown } = kb.exportAnnotations({});
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)> [clic](#javascript:alert(1)) ![x](#data:text/html,&lt;b>)');
    expect(markdown).toContain('Étiquettes : &lt;b>gras&lt;/b>');
    expect(markdown).not.toMatch(/<img|<b>|\]\(javascript:|\]\(data:/);
  });
});

describe('the API boundary of annotations', () => {
  const dispatch = () => createDispatch(kb.handlers(), (error) => { throw error; });
  /** Every stored annotation and tag, to compare the base before and after a refused call. */
  const rows = () => ({
    annotations: kb.db.prepare('SELECT * FROM annotations ORDER BY id').all(),
    tags: kb.db.prepare('SELECT * FROM annotation_tags ORDER BY annotation_id, position').all(),
  });
  async function expectRefused(method: string, input: unknown, message: string): Promise<void> {
    const before = rows();
    const result = await dispatch()(method, input);
    expect(result).toMatchObject({ ok: false, error: { message } });
    expect(rows()).toEqual(before);
  }
  const unsafe = 'Le texte contient un caractère invalide (caractère nul ou caractère incomplet) : retapez ce passage.';

  it('refuses a lone surrogate or a NUL character in a note, a tag or a quote', async () => {
    kb.annotations.create({ kit: 'essai', number: 2, selector: null, note: 'Déjà là' });
    await expectRefused('createAnnotation', { kit: 'essai', number: 1, selector: null, note: `Moitié de caractère : \uD83D` }, unsafe);
    await expectRefused('createAnnotation', { kit: 'essai', number: 1, selector: null, note: 'Avant\u0000après' }, unsafe);
    await expectRefused('createAnnotation', { kit: 'essai', number: 1, selector: null, tags: ['\uDE00fin'] }, unsafe);
    await expectRefused('createAnnotation', { kit: 'essai', number: 1, selector: { ...select('clause sociale'), exact: 'clause\u0000sociale' } }, unsafe);
    // A whole character (an emoji is two UTF-16 units) is welcome.
    const emoji = await dispatch()('createAnnotation', { kit: 'essai', number: 1, selector: null, note: 'Bravo 🎉' });
    expect(emoji).toMatchObject({ ok: true, value: { note: 'Bravo 🎉' } });
  });

  it('speaks to a person: « identifiant invalide », « liste attendue »', async () => {
    await expectRefused('deleteAnnotation', { id: 'pas-un-identifiant' }, 'Identifiant invalide.');
    await expectRefused('createAnnotation', { kit: 'essai', number: 1, selector: null, tags: 'achats, insertion' }, 'Liste attendue.');
  });

  describe('undo (restoreAnnotation) cannot create what createAnnotation refuses', () => {
    function deletedAnnotation(): Annotation {
      const created = kb.annotations.create({ kit: 'essai', number: 1, selector: select('clause sociale'), note: 'À garder' });
      return kb.annotations.delete(created.id);
    }

    it('refuses a fiche or a kit that does not exist, and dates in the future or out of order', async () => {
      const deleted = deletedAnnotation();
      await expectRefused('restoreAnnotation', { annotation: { ...deleted, number: 99 } }, 'La fiche n° 99 du kit « essai » n’existe pas.');
      await expectRefused('restoreAnnotation', { annotation: { ...deleted, kit: 'inconnu' } }, 'La fiche n° 1 du kit « inconnu » n’existe pas.');
      await expectRefused(
        'restoreAnnotation',
        { annotation: { ...deleted, updatedAt: '2999-01-01T00:00:00.000Z' } },
        'Cette annotation porte une date dans le futur : elle ne peut pas être restaurée.',
      );
      await expectRefused(
        'restoreAnnotation',
        { annotation: { ...deleted, createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } },
        'Cette annotation aurait été modifiée avant d’être créée : elle ne peut pas être restaurée.',
      );
      await expectRefused('restoreAnnotation', { annotation: { ...deleted, updatedAt: 'hier' } }, 'Date et heure invalides.');
      await expectRefused('restoreAnnotation', { annotation: { ...deleted, note: 'x\u0000' } }, unsafe);
    });

    it('recomputes the state and the position: a passage claimed elsewhere is found again, a missing one is an orphan', async () => {
      const deleted = deletedAnnotation();
      // Claimed as a note on the whole fiche, with positions past the end of the text.
      const moved = await dispatch()('restoreAnnotation', { annotation: { ...deleted, status: 'fiche', selector: { ...deleted.selector, start: 5000, end: 5014 } } });
      expect(moved).toMatchObject({ ok: true, value: { status: 'anchored', selector: deleted.selector } });
      kb.annotations.delete(deleted.id);
      const invented = { ...deleted, status: 'anchored', selector: { exact: 'passage inventé', prefix: '', suffix: '', start: 0, end: 15 } };
      expect(await dispatch()('restoreAnnotation', { annotation: invented })).toMatchObject({ ok: true, value: { status: 'orphan' } });
    });
  });
});

describe('private notes and authors (team workspace)', () => {
  it('keeps a note private from its creation, through edits and an undone deletion, out of the team outbox', () => {
    const secret = kb.annotations.create({ kit: 'essai', number: 1, selector: null, note: 'Confidentiel', isPrivate: true });
    expect(secret.isPrivate).toBe(true);
    const outbox = () => kb.db.prepare('SELECT doc_id FROM sync_outbox WHERE doc_id = ?').all(`annotation:${secret.id}`);
    expect(outbox()).toEqual([]);

    kb.annotations.update({ id: secret.id, note: 'Toujours confidentiel' });
    expect(kb.annotations.get(secret.id).isPrivate).toBe(true);
    const deleted = kb.annotations.delete(secret.id);
    expect(kb.annotations.restore(deleted).isPrivate).toBe(true);

    // Made public, it joins the outbox; the flag goes back and forth.
    expect(kb.annotations.update({ id: secret.id, isPrivate: false }).isPrivate).toBe(false);
    expect(outbox().length).toBeGreaterThan(0);
  });

  it('filters « Les miennes »: made here or signed with this computer’s team login', () => {
    const mine = kb.annotations.create({ kit: 'essai', number: 1, selector: null, note: 'À moi' });
    const signed = kb.annotations.create({ kit: 'essai', number: 1, selector: null, note: 'Signée par moi' });
    const teammate = kb.annotations.create({ kit: 'essai', number: 1, selector: null, note: 'De Claire' });
    kb.db.prepare("UPDATE annotations SET author_login = 'alice' WHERE id = ?").run(signed.id);
    kb.db.prepare("UPDATE annotations SET author_login = 'claire', author_name = 'Claire Martin' WHERE id = ?").run(teammate.id);
    kb.db.prepare("INSERT INTO settings (key, value) VALUES ('team.login', 'alice')").run();

    expect(kb.annotations.get(teammate.id)).toMatchObject({ authorLogin: 'claire', authorName: 'Claire Martin' });
    expect(kb.annotations.list({ mine: true }).map((a) => a.note).sort()).toEqual([mine.note, signed.note].sort());
    expect(kb.annotations.list({}).length).toBe(3);
  });
});
