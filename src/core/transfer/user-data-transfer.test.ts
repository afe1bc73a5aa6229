import { describe, expect, it } from 'vitest';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { tempDir } from '../test-support/temp-dir';
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
    expect(first.added).toEqual({ annotations: 1, projects: 1, links: 1, territory: 1 });
    expect(first.conflicts).toEqual([]);
    const after = userRows(target);
    const second = target.handlers().importUserData({ json });
    expect(second).toMatchObject({
      added: { annotations: 0, projects: 0, links: 0, territory: 0 },
      updated: { annotations: 0, projects: 0, links: 0, territory: 0 },
      conflicts: [],
      backupBeforeImport: null,
    });
    expect(first.backupBeforeImport).toBeNull();
    expect(second.unchanged).toBe(4);
    expect(userRows(target)).toEqual(after);
    const [annotation] = target.annotations.list();
    expect(annotation).toMatchObject({ status: 'anchored', note: 'Débouché', tags: ['cantine'], selector: { exact: 'collèges' } });
    expect(target.projects.get(target.projects.list()[0]?.id ?? '').links[0]?.quote).toBe('collèges');
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
      [json.replace('"vert"', '"fuchsia"'), /valeurs invalides/],
      [JSON.stringify({ hello: 'world' }), /n’est pas un export de données Kits ESS/],
      [json.replace('"version": 1', '"version": 7'), /version plus récente de Kits ESS/],
      ['x'.repeat(50 * 1024 * 1024 + 1), /trop volumineux/],
    ];
    for (const [text, message] of attempts) {
      expect(() => target.handlers().importUserData({ json: text })).toThrow(message);
    }
    expect(userRows(target)).toEqual(before);
    expect(() => parseUserData('')).toThrow(/Rien n’a été importé/);
    // No English from the JSON parser reaches the person.
    expect(() => parseUserData('not json at all')).not.toThrow(/Unexpected|token|valid JSON/);
    source.close();
    target.close();
  });
});
