import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { frenchDate } from '../../shared/french-dates';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { tempDir } from '../test-support/temp-dir';
import type { UserData } from './user-data-format';
import { parseUserData } from './user-data-transfer';

function open(): KnowledgeBase {
  return KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
}

/** Every user-made row, to compare two bases or a base before and after. */
function userRows(kb: KnowledgeBase): unknown {
  const dump = (sql: string) => kb.db.prepare(sql).all();
  return {
    territory: dump('SELECT scale, code, name, updated_at FROM territory'),
    annotations: dump('SELECT id, kit_slug, fiche_number, color, note_md, quote_exact, position_start, position_end, status, tags_text, updated_at FROM annotations ORDER BY id'),
    tags: dump('SELECT * FROM annotation_tags ORDER BY annotation_id, position'),
    projects: dump('SELECT id, title, description_md, status, themes_json, partners_json, archived, updated_at FROM projects ORDER BY id'),
    links: dump('SELECT * FROM project_links ORDER BY id'),
  };
}

function passage(kb: KnowledgeBase, kit: string, number: number, exact: string) {
  const text = (kb.db.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(kit, number) as { body_text: string }).body_text;
  const start = text.indexOf(exact);
  return { exact, start, end: start + exact.length, prefix: '', suffix: '' };
}

function fill(kb: KnowledgeBase) {
  kb.territory.set({ scale: 'departement', code: '05' });
  const note = kb.annotations.create({ kit: 'departementaless', number: 7, selector: passage(kb, 'departementaless', 7, 'collèges'), note: 'Débouché', tags: ['cantine'], color: 'vert' });
  const project = kb.projects.create({ title: 'Légumerie solidaire', themes: ['alimentation'], partners: ['Producteurs'] });
  kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, annotationId: note.id, reason: 'exemple' });
  return { note, project };
}

describe('export and merge of user data', () => {
  it('carries everything to another machine, and importing the same file twice changes nothing', () => {
    const source = open();
    fill(source);
    const { json } = source.handlers().exportUserData({});
    source.close();

    const target = open();
    const first = target.handlers().importUserData({ json });
    expect(first.added).toEqual({ annotations: 1, projects: 1, links: 1, roadmapItems: 0 });
    expect(first.conflicts).toEqual([]);
    const after = userRows(target);
    const second = target.handlers().importUserData({ json });
    expect(second).toMatchObject({
      added: { annotations: 0, projects: 0, links: 0, roadmapItems: 0 },
      updated: { annotations: 0, projects: 0, links: 0, roadmapItems: 0 },
      conflicts: [],
      backupBeforeImport: null,
    });
    expect(first.backupBeforeImport).toBeNull();
    expect(second.unchanged).toBe(3);
    expect(userRows(target)).toEqual(after);
    const [annotation] = target.annotations.list();
    expect(annotation).toMatchObject({ status: 'anchored', note: 'Débouché', tags: ['cantine'], selector: { exact: 'collèges' } });
    expect(target.projects.get(target.projects.list()[0]?.id ?? '').links[0]?.quote).toBe('collèges');
    target.close();
  });

  it('keeps a private note private, and its author, on the colleague’s computer', () => {
    const source = open();
    source.handlers().setAuthorName({ name: 'Claire Martin' });
    source.annotations.create({ kit: 'municipaless', number: 7, selector: null, note: 'À ne pas partager', tags: [], isPrivate: true });
    const { json } = source.handlers().exportUserData({});
    source.close();

    const target = open();
    target.handlers().importUserData({ json });
    expect(target.annotations.list()).toEqual([expect.objectContaining({ note: 'À ne pas partager', isPrivate: true, authorName: 'Claire Martin' })]);
    target.close();
  });

  it('keeps the most recently updated version on a conflict and reports it', () => {
    const source = open();
    const { project, note } = fill(source);
    const { json: older } = source.handlers().exportUserData({});
    const target = open();
    target.handlers().importUserData({ json: older });

    // Later, the project changes on the source and the note changes on the target.
    source.projects.update({ id: project.id, title: 'Légumerie solidaire (v2)' });
    const { json: newer } = source.handlers().exportUserData({});
    target.annotations.update({ id: note.id, note: 'Modifiée ici' });

    const report = target.handlers().importUserData({ json: newer });
    // Versions of this computer were about to be replaced: the base was backed up just before.
    expect(report.backupBeforeImport).toMatch(/^kits-ess-\d{4}-\d{2}-\d{2}-\d{6}(-\d+)?\.sqlite$/);
    expect(target.handlers().listBackups({}).map((b) => b.name)).toContain(report.backupBeforeImport);
    expect(report.conflicts).toEqual(
      expect.arrayContaining([
        { kind: 'project', id: project.id, label: 'Légumerie solidaire (v2)', kept: 'imported' },
        { kind: 'annotation', id: note.id, label: 'collèges', kept: 'local' },
      ]),
    );
    expect(target.projects.get(project.id).title).toBe('Légumerie solidaire (v2)');
    expect(target.annotations.get(note.id).note).toBe('Modifiée ici');

    // The older export again: the local version is kept, and named as it is now; nothing is
    // replaced, so no backup is needed.
    const again = target.handlers().importUserData({ json: older });
    expect(again.conflicts).toContainEqual({ kind: 'project', id: project.id, label: 'Légumerie solidaire (v2)', kept: 'local' });
    expect(again.backupBeforeImport).toBeNull();
    source.close();
    target.close();
  });

  it('re-anchors annotations against the local fiches', () => {
    const source = open();
    fill(source);
    const { json } = source.handlers().exportUserData({});
    const data = JSON.parse(json) as { annotations: { selector: { start: number; end: number } }[] };
    const annotation = data.annotations[0];
    if (!annotation) throw new Error('no annotation exported');
    // Positions shifted, as on a machine with another edition of the fiche.
    annotation.selector.start += 40;
    annotation.selector.end += 40;
    const target = open();
    target.handlers().importUserData({ json: JSON.stringify(data) });
    const [merged] = target.annotations.list();
    const text = (target.db.prepare("SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = 'departementaless' AND f.number = 7").get() as { body_text: string }).body_text;
    expect(merged?.status).toBe('anchored');
    expect(text.slice(merged?.selector?.start, merged?.selector?.end)).toBe('collèges');
    source.close();
    target.close();
  });

  it('refuses truncated, hand-broken, foreign and newer files, changing nothing', () => {
    const source = open();
    fill(source);
    const { json } = source.handlers().exportUserData({});
    const target = open();
    fill(target);
    const before = userRows(target);
    const attempts: [string, RegExp][] = [
      [json.slice(0, json.length / 2), /s’arrête avant la fin, il a sans doute été tronqué/],
      [json.replace('"format"', '"format" "format"'), /modifié à la main et n’est plus lisible \(vers le caractère \d+\)/],
      ['not json at all', /son contenu n’a pas la forme d’un fichier d’échange/],
      [json.replace('"vert"', '"fuchsia"'), /^Annotation « collèges » \(couleur\) : valeur non reconnue \(valeurs possibles : jaune, vert, bleu, rose, violet\)\. Rien n’a été importé\.$/],
      [JSON.stringify({ hello: 'world' }), /n’est pas un export de données Kits ESS/],
      [json.replace('"version": 1', '"version": 7'), /version plus récente de Kits ESS/],
      ['x'.repeat(50 * 1024 * 1024 + 1), /trop volumineux/],
    ];
    for (const [text, message] of attempts) {
      expect(() => target.handlers().importUserData({ json: text })).toThrow(message);
    }
    expect(userRows(target)).toEqual(before);
    expect(() => parseUserData('')).toThrow(/Rien n’a été importé/);
    // A list sent as text is named in plain words.
    expect(() => parseUserData(JSON.stringify({ ...(JSON.parse(json) as object), projects: 'Légumerie' }))).toThrow(
      /^projets : liste attendue\. Rien n’a été importé\.$/,
    );
    // No English from the JSON parser reaches the person.
    expect(() => parseUserData('not json at all')).not.toThrow(/Unexpected|token|valid JSON/);
    source.close();
    target.close();
  });

  describe('a colleague’s file is checked like API input', () => {
    /** An export of a filled base, changed by `edit` as a hostile or broken file would be. */
    function exportWith(edit: (data: UserData) => void): string {
      const source = open();
      fill(source);
      const data = JSON.parse(source.handlers().exportUserData({}).json) as UserData;
      source.close();
      edit(data);
      return JSON.stringify(data);
    }
    const project = (data: UserData) => data.projects[0] as UserData['projects'][number];
    const annotation = (data: UserData) => data.annotations[0] as UserData['annotations'][number];

    /** The file is refused with exactly `message`, and this base is left exactly as it was. */
    function expectRefused(json: string, message: string | RegExp): void {
      const target = open();
      fill(target);
      const before = userRows(target);
      expect(() => target.handlers().importUserData({ json })).toThrow(message);
      expect(userRows(target)).toEqual(before);
      expect(target.handlers().listBackups({}).filter((b) => !b.automatic)).toEqual([]);
      target.close();
    }

    it('refuses reversed dates, naming the project', () => {
      const json = exportWith((data) => Object.assign(project(data), { startDate: '2026-09-01', endDate: '2026-03-01' }));
      expectRefused(json, 'Projet « Légumerie solidaire » (date de fin) : la date de fin doit suivre la date de début. Rien n’a été importé.');
    });

    it('refuses a date that does not exist and a budget beyond the API’s bounds', () => {
      expectRefused(exportWith((data) => (project(data).startDate = '2026-02-30')), /^Projet « Légumerie solidaire » \(date de début\) : cette date n’existe pas\./);
      expectRefused(exportWith((data) => (project(data).budget = 5e12)), /^Projet « Légumerie solidaire » \(budget\) : le budget ne dépasse pas 1\s000\s000\s000\s000\s€\./);
    });

    it('refuses a theme or a competence absent from the vocabulary', () => {
      const json = exportWith((data) => {
        project(data).themes = ['astrologie'];
        project(data).competences = ['Voirie lunaire'];
      });
      const target = open();
      fill(target);
      const before = userRows(target);
      let error: unknown;
      try {
        target.handlers().importUserData({ json });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KbError);
      expect((error as KbError).message).toBe('L’export contient 2 valeurs invalides (modifié à la main ?). Rien n’a été importé.');
      expect((error as KbError).details).toEqual([
        'Projet « Légumerie solidaire » : thème « astrologie » absent du vocabulaire des kits.',
        'Projet « Légumerie solidaire » : compétence « Voirie lunaire » absente du vocabulaire des kits.',
      ]);
      expect(userRows(target)).toEqual(before);
      target.close();
    });

    it('refuses a tag with a control character and a title on two lines', () => {
      expectRefused(
        exportWith((data) => (annotation(data).tags = ['can\u0007tine'])),
        'Annotation « collèges » (étiquettes) : une étiquette ne contient ni virgule, ni retour à la ligne, ni caractère de contrôle. Rien n’a été importé.',
      );
      expectRefused(
        exportWith((data) => (project(data).title = 'Légumerie\nsolidaire')),
        'Projet « Légumerie solidaire » (titre) : le titre tient sur une seule ligne, sans caractère de contrôle. Rien n’a été importé.',
      );
    });

    it('refuses a lone surrogate and a NUL character before they are stored', () => {
      const broken = 'Le texte contient un caractère invalide (caractère nul ou caractère incomplet) : retapez ce passage. Rien n’a été importé.';
      expectRefused(exportWith((data) => (annotation(data).note = 'Débouché \uD800 pour les collèges')), `Annotation « collèges » (note) : l${broken.slice(1)}`);
      expectRefused(exportWith((data) => (project(data).description = 'Avant\u0000après')), `Projet « Légumerie solidaire » (description) : l${broken.slice(1)}`);
    });

    it('refuses a territory code that is not an INSEE or SIREN code', () => {
      const json = exportWith((data) => Object.assign(data.territory ?? {}, { code: '05; DROP' }));
      expectRefused(json, 'Territoire du fichier (code) : code INSEE ou SIREN invalide. Rien n’a été importé.');
    });

    it('brings a modification date in the future back to the export’s, so that it does not win every later conflict', () => {
      const source = open();
      const { project: made } = fill(source);
      const target = open();
      target.handlers().importUserData({ json: source.handlers().exportUserData({}).json });
      source.close();
      const data = JSON.parse(exportWith(() => undefined)) as UserData;
      // The same project, renamed on a computer whose clock (or hand) says 2999.
      const future = { ...project(data), id: made.id, title: 'Légumerie de l’an 2999', updatedAt: '2999-01-01T00:00:00.000Z' };
      const file = JSON.stringify({ ...data, annotations: [], links: [], projects: [future] });

      const report = target.handlers().importUserData({ json: file });
      expect(report.corrected).toEqual([
        `Projet « Légumerie de l’an 2999 » : date dans le futur (1er janvier 2999) ramenée à celle de l’export (${frenchDate(data.exportedAt)}).`,
      ]);
      const stored = target.projects.get(made.id);
      expect(stored.title).toBe('Légumerie de l’an 2999');
      expect(stored.updatedAt).toBe(data.exportedAt);

      // Edited here afterwards, the local version wins when the same file comes again.
      target.projects.update({ id: made.id, title: 'Légumerie (corrigée ici)' });
      const again = target.handlers().importUserData({ json: file });
      expect(again.conflicts).toContainEqual({ kind: 'project', id: made.id, label: 'Légumerie (corrigée ici)', kept: 'local' });
      expect(target.projects.get(made.id).title).toBe('Légumerie (corrigée ici)');
      target.close();

      // A whole file dated in the future: its dates cannot be trusted at all.
      expectRefused(
        exportWith((data) => (data.exportedAt = '2999-01-01T00:00:00.000Z')),
        'Ce fichier est daté du 1er janvier 2999, dans le futur : l’horloge du poste qui l’a exporté est déréglée. Demandez à votre collègue de la corriger puis d’exporter à nouveau. Rien n’a été importé.',
      );
    });

    it('lists a link to an annotation that is in neither the file nor this base, instead of making it a fiche link', () => {
      const json = exportWith((data) => {
        data.annotations = [];
        const link = data.links[0];
        if (link) link.annotationId = randomUUID();
      });
      const target = open();
      const report = target.handlers().importUserData({ json });
      expect(report.skipped).toEqual([
        'Lien « exemple » : le passage annoté qu’il cite n’est ni dans le fichier ni sur ce poste ; lien non importé.',
      ]);
      expect(report.added).toEqual({ annotations: 0, projects: 1, links: 0, roadmapItems: 0 });
      expect(target.db.prepare('SELECT count(*) AS n FROM project_links').get()).toEqual({ n: 0 });
      target.close();
    });

    it('never changes the territory of this computer, and says that the file’s differs', () => {
      const json = exportWith((data) => (data.territory = { scale: 'commune', code: '05004', name: 'Ancelle', updatedAt: new Date().toISOString() }));
      const target = open();
      target.territory.set({ scale: 'departement', code: '05' });
      const report = target.handlers().importUserData({ json });
      expect(report.territoryNotApplied).toEqual({ imported: 'Ancelle', local: 'Hautes-Alpes' });
      expect(target.territory.get()).toMatchObject({ scale: 'departement', code: '05', name: 'Hautes-Alpes' });
      // Without a territory here, none is chosen by the import either.
      target.territory.set(null);
      expect(target.handlers().importUserData({ json }).territoryNotApplied).toEqual({ imported: 'Ancelle', local: null });
      expect(target.territory.get()).toBeNull();
      target.close();
    });

    it('updates an annotation in place: the project links citing it stay on its passage', () => {
      const source = open();
      const { note } = fill(source);
      const target = open();
      target.handlers().importUserData({ json: source.handlers().exportUserData({}).json });
      source.annotations.update({ id: note.id, note: 'Débouché (v2)' });
      const report = target.handlers().importUserData({ json: source.handlers().exportUserData({}).json });
      expect(report.updated.annotations).toBe(1);
      expect(target.db.prepare('SELECT annotation_id FROM project_links').all()).toEqual([{ annotation_id: note.id }]);
      source.close();
      target.close();
    });
  });
});
