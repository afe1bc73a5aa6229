import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import type { RoadmapItemTransfer } from '../../shared/roadmap-schemas';
import { fileHash, tempDir } from '../test-support/temp-dir';

let kb: KnowledgeBase;
let dataDir: string;
beforeEach(() => {
  dataDir = tempDir();
  kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir });
  return () => kb.close();
});

const dispatch = () => createDispatch(kb.handlers(), () => {});
const project = (title: string) =>
  kb.handlers().createProject({ title, description: '', status: 'etude', themes: [], competences: [], partners: [], lead: '', budget: null, startDate: null, endDate: null });

/** A copy of the shipped content whose departementaless edition is newer and whose fiche `number` is rewritten by `change`. */
function newEdition(number: number, change: (text: string) => string): string {
  const root = tempDir('kits-ess-edition-');
  fs.cpSync(bundledContentDir, root, { recursive: true });
  const kitDir = path.join(root, 'departementaless');
  const file = fs.readdirSync(kitDir).find((name) => name.startsWith(`${String(number).padStart(2, '0')}-`));
  if (!file) throw new Error(`no fiche ${number}`);
  const changed = change(fs.readFileSync(path.join(kitDir, file), 'utf8'));
  fs.writeFileSync(path.join(kitDir, file), changed);
  const kitYml = path.join(kitDir, 'kit.yml');
  fs.writeFileSync(kitYml, fs.readFileSync(kitYml, 'utf8').replace(/^edition: .*$/m, 'edition: "2099-01-01"'));
  return root;
}

describe('levers', () => {
  it('are read from every shipped fiche, under their « Au titre de » competence when there is one', () => {
    const levers = kb.roadmap.levers({ kit: 'departementaless', number: 3 });
    expect(levers.length).toBeGreaterThan(3);
    expect(levers[0]).toMatchObject({
      id: 'departementaless-03-soutenir-l-innovation-des-associations-de-l-enfance',
      competence: 'Au titre de l’enfance et de la famille',
      title: 'Soutenir l’innovation des associations de l’enfance',
      ficheTitle: 'L’économie sociale et solidaire dans les compétences départementales',
      removed: false,
    });
    expect(levers[0]?.text).toMatch(/^De nombreux lieux d’accueil/);
    const headed = kb.roadmap.levers({ kit: 'municipaless', number: 4 });
    expect(headed[0]).toMatchObject({ competence: null, title: 'Commander ou coproduire un diagnostic' });
    expect(kb.roadmap.levers({ query: 'coproduire diagnostic' }).map((l) => l.id)).toEqual([headed[0]?.id]);
  });

  it('keep their identifiers through a new edition; a lever dropped stays in the roadmap, flagged', () => {
    const [first, second, third] = kb.roadmap.levers({ kit: 'departementaless', number: 3 });
    if (!first || !second || !third) throw new Error('fiche 3 has levers');
    for (const lever of [first, second, third]) kb.roadmap.add({ leverId: lever.id, status: 'retenu' });
    const edition = newEdition(3, (text) =>
      text
        // The title of the first changes, the text of the second changes, the third disappears.
        .replace('**Soutenir l’innovation des associations de l’enfance.**', '**Reconnaître l’innovation des associations de l’enfance.**')
        .replace('sont les outils pour associer', 'sont les deux outils pour associer')
        .replace(/\n### Au titre de l’autonomie\n\n- \*\*[^\n]*\n/, '\n'),
    );
    kb.importPack(edition);
    const after = kb.roadmap.levers({ kit: 'departementaless', number: 3, includeRemoved: true });
    expect(after.find((l) => l.id === first.id)).toMatchObject({ title: 'Reconnaître l’innovation des associations de l’enfance', removed: false });
    expect(after.find((l) => l.id === second.id)?.text).toContain('sont les deux outils pour associer');
    expect(after.find((l) => l.id === third.id)).toMatchObject({ title: third.title, removed: true });
    const items = kb.roadmap.list();
    expect(items.map((item) => item.lever.id)).toEqual([first.id, second.id, third.id]);
    expect(items.map((item) => item.status)).toEqual(['retenu', 'retenu', 'retenu']);
    // A dropped lever is no longer offered, but stays listed with --include-removed.
    expect(kb.roadmap.levers({ kit: 'departementaless', number: 3 }).some((l) => l.id === third.id)).toBe(false);
  });

  it('survive a database of schema 6 migrated to 8: levers are filled from the stored fiches', async () => {
    kb.close();
    const { openDatabase } = await import('../db/open-database');
    const file = path.join(tempDir(), 'kb.sqlite');
    const old = openDatabase(file, { targetVersion: 6 });
    old.prepare("INSERT INTO kits (slug, title, scale, year, edition, publisher, source_url, description, missing_json, content_hash, updated_at) VALUES ('essai', 'Essai', 'commune', 2020, '2026-01-01', 'RTES', 'https://rtes.fr', '', '[]', 'h', '2026-01-01')").run();
    old.prepare(
      `INSERT INTO fiches (kit_id, number, slug, title, summary, body_md, body_text, themes_text, source_url, edition, content_hash, updated_at)
       VALUES (1, 1, 'une', 'Une', '', '## Ce que peut faire la collectivité\n\n### Agir vite\n\nUn texte.', '', '', 'https://rtes.fr', '2026-01-01', 'h', '2026-01-01')`,
    ).run();
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, title, text FROM levers').all()).toEqual([{ id: 'essai-01-agir-vite', title: 'Agir vite', text: 'Un texte.' }]);
    db.close();
    kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir });
  });
});

describe('roadmap', () => {
  it('is built by a new user: eight levers from four fiches, owners, dates, projects, one engaged, dashboard and Word', async () => {
    kb.handlers().setTerritory({ territory: { scale: 'departement', code: '05' } });
    const legumerie = project('Légumerie solidaire pour les collèges');
    const clauses = project('Clauses sociales des routes');
    const chosen = [3, 7, 11, 12].flatMap((number) => kb.roadmap.levers({ kit: 'departementaless', number }).slice(0, 2));
    expect(chosen).toHaveLength(8);
    const api = dispatch();
    for (const [index, lever] of chosen.entries()) {
      const added = await api('addRoadmapItem', {
        leverId: lever.id,
        official: index % 2 ? 'Marie Durand, vice-présidente' : 'Paul Martin, conseiller délégué',
        leadService: 'Direction de l’insertion',
        target: index < 4 ? '2027' : '2028-T2',
        budget: 10000 * (index + 1),
        indicators: [{ label: 'Structures accompagnées', target: '12' }],
      });
      expect(added.ok).toBe(true);
    }
    const items = kb.roadmap.list();
    const [firstItem, , , , fifth] = items;
    if (!firstItem || !fifth) throw new Error('eight items');
    const engaged = await api('updateRoadmapItem', { id: fifth.id, status: 'engage', projectIds: [legumerie.id] });
    expect(engaged.ok).toBe(true);
    await api('updateRoadmapItem', { id: firstItem.id, projectIds: [legumerie.id, clauses.id] });

    // Linked both ways: the project lists the items it carries out.
    expect(kb.handlers().listProjectRoadmapItems({ id: legumerie.id }).map((i) => i.id).sort()).toEqual([firstItem.id, fifth.id].sort());
    expect(kb.roadmap.get(firstItem.id).projects.map((p) => p.title)).toEqual(['Clauses sociales des routes', 'Légumerie solidaire pour les collèges']);

    // The fiche shows the lever in the roadmap with its status.
    const inReader = kb.handlers().listLevers({ kit: fifth.lever.kit, number: fifth.lever.number, includeRemoved: false }).find((l) => l.id === fifth.lever.id);
    expect(inReader?.items).toEqual([{ id: fifth.id, roadmap: 'programme', status: 'engage' }]);

    const summary = kb.handlers().getRoadmapSummary({ roadmap: 'programme' });
    expect(summary.totals).toEqual({ chosen: 8, engaged: 1, done: 0 });
    // The engaged lever is from fiche 11 (insertion et RSA, action sociale): its competences count it, the others do not.
    expect(fifth.lever.number).toBe(11);
    const engagedBy = Object.fromEntries(summary.byCompetence.filter((c) => c.engaged > 0).map((c) => [c.competence, c.engaged]));
    expect(engagedBy).toEqual({ 'insertion et RSA': 1, 'action sociale': 1 });
    expect(summary.byCompetence.map((c) => c.competence)).toContain('collèges');

    const word = await kb.handlers().exportRoadmapDocx({ roadmap: 'programme', groupBy: 'competence' });
    expect(word.fileName).toMatch(/^programme-ess-\d{4}-\d{2}-\d{2}\.docx$/);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(word.base64, 'base64') })).value;
    expect(text).toContain('Programme de campagne : Hautes-Alpes');
    for (const lever of chosen) {
      expect(text).toContain(lever.title);
      expect(text).toContain(`DépartementalESS, fiche ${lever.number} : ${lever.ficheTitle}`);
    }
    expect(text).toContain('Élu référent : Marie Durand, vice-présidente');
    expect(text).toContain('Statut : Engagé');
    expect(text).toContain('Projets : Clauses sociales des routes (En étude), Légumerie solidaire pour les collèges (En étude)');
    expect(text).toContain('Indicateurs : Structures accompagnées : 12');
    expect(text).toContain(fifth.lever.sourceUrl);

    // A new content edition leaves the roadmap as it was.
    const before = JSON.stringify(kb.roadmap.list());
    kb.importPack(newEdition(7, (fiche) => fiche.replace('La restauration des collèges représente', 'La restauration des collèges constitue')));
    expect(JSON.stringify(kb.roadmap.list().map((i) => ({ ...i, lever: { ...i.lever, text: '' } })))).toBe(
      JSON.stringify((JSON.parse(before) as typeof items).map((i) => ({ ...i, lever: { ...i.lever, text: '' } }))),
    );
  });

  it('exports the views by target date and by status, undated items last, typed text made harmless', () => {
    const [a, b, c] = kb.roadmap.levers({ kit: 'municipaless', number: 7 });
    if (!a || !b || !c) throw new Error('levers');
    kb.roadmap.add({ leverId: a.id, target: '2028' });
    kb.roadmap.add({ leverId: b.id, target: '2027-T3', status: 'realise', notes: '<img src=x onerror=alert(1)> [lien](javascript:alert(1))' });
    kb.roadmap.add({ leverId: c.id });
    const byDate = kb.handlers().exportRoadmap({ roadmap: 'programme', groupBy: 'target', format: 'md' }).text;
    const headings = byDate.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## 3e trimestre 2027', '## 2028', '## Sans échéance']);
    expect(byDate.indexOf(b.title)).toBeLessThan(byDate.indexOf(a.title));
    expect(byDate).not.toContain('<img');
    expect(byDate).not.toContain('](javascript:');
    const byStatus = kb.handlers().exportRoadmap({ roadmap: 'programme', groupBy: 'status', format: 'md' }).text;
    expect(byStatus.split('\n').filter((line) => line.startsWith('## '))).toEqual(['## Envisagé', '## Réalisé']);
  });

  it('shows items past their target date, by quarter', () => {
    const [lever, other] = kb.roadmap.levers({ kit: 'municipaless', number: 7 });
    if (!lever || !other) throw new Error('levers');
    const late = kb.roadmap.add({ leverId: lever.id, target: '2020-T1', status: 'engage' });
    kb.roadmap.add({ leverId: other.id, target: '2020', status: 'realise' });
    expect(late.overdue).toBe(true);
    expect(kb.roadmap.summary('programme', null, kb.projects.vocabulary()).overdue).toEqual([
      { id: late.id, title: lever.title, target: '2020-T1', status: 'engage' },
    ]);
  });

  it('is copied from the campaign programme into the adopted roadmap, with its projects', () => {
    const [a, b] = kb.roadmap.levers({ kit: 'regionaless', number: 5 });
    if (!a || !b) throw new Error('levers');
    const p = project('Fonds régional');
    kb.roadmap.add({ leverId: a.id, projectIds: [p.id], official: 'Élue A' });
    kb.roadmap.add({ leverId: b.id, roadmap: 'adoptee' });
    kb.roadmap.add({ leverId: b.id });
    expect(kb.handlers().copyRoadmap({ from: 'programme', to: 'adoptee' })).toEqual({ added: 1, alreadyThere: 1 });
    const adopted = kb.roadmap.list('adoptee');
    expect(adopted.map((i) => [i.lever.id, i.official, i.projects.map((x) => x.title)])).toEqual([
      [a.id, 'Élue A', ['Fonds régional']],
      [b.id, '', []],
    ]);
  });

  it('puts back a removed item exactly, with its projects, through « Annuler »', async () => {
    const [lever] = kb.roadmap.levers({ kit: 'municipaless', number: 4 });
    if (!lever) throw new Error('levers');
    const [p1, p2] = [project('Diagnostic partagé'), project('Forum des acteurs')];
    const item = kb.roadmap.add({ leverId: lever.id, status: 'engage', priority: 'haute', target: '2027-T2', official: 'Élue A', leadService: 'Développement économique',
      budget: 12000, indicators: [{ label: 'Acteurs réunis', target: '40' }], notes: 'Avec la **CRESS**', projectIds: [p1.id, p2.id] });
    const before = kb.roadmap.get(item.id);
    const api = dispatch();
    const removed = await api('removeRoadmapItem', { id: item.id });
    if (!removed.ok) throw new Error(removed.error.message);
    const removedItem = removed.value as RoadmapItemTransfer;
    expect(kb.roadmap.list('programme').map((i) => i.id)).not.toContain(item.id);
    const restored = await api('restoreRoadmapItem', { item: removedItem });
    expect(restored).toMatchObject({ ok: true });
    expect(kb.roadmap.get(item.id)).toEqual(before);
    expect(kb.roadmap.itemsOfProject(p2.id).map((i) => i.id)).toEqual([item.id]);

    // Once back, a second « Annuler » (or a forged copy) is refused in French, and nothing changes.
    const refusals: [unknown, string][] = [
      [removedItem, 'Cet élément est déjà dans la feuille de route : il a sans doute déjà été rétabli.'],
      [{ ...removedItem, id: '22222222-2222-4222-8222-222222222222' }, `Le levier « ${lever.title} » est déjà dans « Programme de campagne ».`],
      [{ ...removedItem, id: '22222222-2222-4222-8222-222222222222', roadmap: 'adoptee', updatedAt: '2999-01-01T00:00:00.000Z' }, 'Cet élément porte une date dans le futur : il ne peut pas être rétabli.'],
      [{ ...removedItem, id: '22222222-2222-4222-8222-222222222222', roadmap: 'adoptee', createdAt: '2020-02-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z' }, 'Cet élément aurait été modifié avant d’être créé : il ne peut pas être rétabli.'],
      [{ ...removedItem, id: '22222222-2222-4222-8222-222222222222', roadmap: 'adoptee', status: 'fini' }, 'Statut inconnu : envisage, retenu, engage, realise ou abandonne (envisagé, retenu, engagé, réalisé, abandonné).'],
    ];
    for (const [input, message] of refusals) {
      expect(await api('restoreRoadmapItem', { item: input } as never), JSON.stringify(input)).toMatchObject({ ok: false, error: { message } });
    }
    expect(kb.roadmap.list('adoptee')).toEqual([]);
    expect(kb.roadmap.get(item.id)).toEqual(before);
  });

  it('refuses bad statuses, dates, budgets and unknown levers in French, database unchanged', async () => {
    const [lever] = kb.roadmap.levers({ kit: 'municipaless', number: 7 });
    if (!lever) throw new Error('levers');
    const item = kb.roadmap.add({ leverId: lever.id });
    kb.close();
    const database = path.join(dataDir, 'kits-ess.sqlite');
    const hash = fileHash(database);
    kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false });
    const api = dispatch();
    const refusals: [string, unknown, string][] = [
      ['addRoadmapItem', { leverId: lever.id, status: 'fini' }, 'Statut inconnu : envisage, retenu, engage, realise ou abandonne (envisagé, retenu, engagé, réalisé, abandonné).'],
      ['addRoadmapItem', { leverId: lever.id, target: '2027-T5' }, 'Échéance invalide : une année (2027) ou un trimestre (2027-T3).'],
      ['addRoadmapItem', { leverId: lever.id, target: '1850' }, 'Échéance à choisir entre 2000 et 2100.'],
      ['addRoadmapItem', { leverId: lever.id, budget: -5 }, 'Le budget ne peut pas être négatif.'],
      ['addRoadmapItem', { leverId: lever.id, budget: 12.5 }, 'Le budget s’exprime en euros entiers.'],
      ['addRoadmapItem', { leverId: 'municipaless-07-inexistant' }, 'Levier inconnu : « municipaless-07-inexistant ». La commande « kits-ess levers » les liste avec leurs identifiants.'],
      ['addRoadmapItem', { leverId: lever.id }, `Le levier « ${lever.title} » est déjà dans « Programme de campagne ».`],
      ['addRoadmapItem', { leverId: lever.id, roadmap: 'autre' }, 'Feuille de route inconnue : « programme » ou « adoptee ».'],
      ['addRoadmapItem', { leverId: 'Pas un identifiant', status: 'fini' }, 'La demande contient des valeurs invalides.'],
      ['updateRoadmapItem', { id: item.id, status: 'termine' }, 'Statut inconnu : envisage, retenu, engage, realise ou abandonne (envisagé, retenu, engagé, réalisé, abandonné).'],
      ['updateRoadmapItem', { id: item.id, projectIds: ['11111111-1111-4111-8111-111111111111'] }, 'Un des projets choisis n’existe plus : rechargez la page.'],
    ];
    for (const [method, input, message] of refusals) {
      const result = await api(method as 'addRoadmapItem', input as never);
      expect(result, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { message } });
    }
    kb.close();
    expect(fileHash(database)).toBe(hash);
    kb = KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir, dailyBackup: false });
  });

  it('travels in the exchange file and merges by UUID; an unknown lever refuses the whole file', () => {
    const [lever] = kb.roadmap.levers({ kit: 'municipaless', number: 7 });
    if (!lever) throw new Error('levers');
    const p = project('Achats responsables');
    kb.roadmap.add({ leverId: lever.id, status: 'retenu', projectIds: [p.id], indicators: [{ label: 'Heures d’insertion', target: '5 000' }] });
    const exported = kb.handlers().exportUserData({}).json;

    const colleague = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
    try {
      const report = colleague.importUserData(exported);
      expect(report.added).toMatchObject({ projects: 1, roadmapItems: 1 });
      expect(colleague.roadmap.list()).toEqual(kb.roadmap.list());
      expect(colleague.importUserData(exported).added.roadmapItems).toBe(0);

      const data = JSON.parse(exported) as { roadmapItems: { leverId: string; id: string }[] };
      const hostile = { ...data, roadmapItems: [{ ...data.roadmapItems[0], id: '22222222-2222-4222-8222-222222222222', leverId: 'municipaless-07-disparu', leverTitle: 'Un levier disparu' }] };
      const before = JSON.stringify(colleague.roadmap.list());
      expect(() => colleague.importUserData(JSON.stringify(hostile))).toThrow(
        'Levier de la feuille de route « municipaless-07-disparu » : levier inconnu sur ce poste (mettez à jour ses kits). Rien n’a été importé.',
      );
      // The same lever under another identifier (kept from an earlier edition's title): found again by its title.
      const renamedHere = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
      try {
        renamedHere.db.prepare('UPDATE levers SET id = ? WHERE id = ?').run('municipaless-07-titre-d-une-edition-passee', lever.id);
        expect(renamedHere.importUserData(exported).added.roadmapItems).toBe(1);
        expect(renamedHere.roadmap.list().map((item) => item.lever.id)).toEqual(['municipaless-07-titre-d-une-edition-passee']);
      } finally {
        renamedHere.close();
      }
      const badStatus = { ...data, roadmapItems: [{ ...data.roadmapItems[0], status: 'fini' }] };
      expect(() => colleague.importUserData(JSON.stringify(badStatus))).toThrow(/Levier de la feuille de route « municipaless-07-.* » \(statut\) : statut inconnu/);
      expect(JSON.stringify(colleague.roadmap.list())).toBe(before);
    } finally {
      colleague.close();
    }
  });
});
