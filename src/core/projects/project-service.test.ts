import { beforeEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../shared/dispatch';
import { KnowledgeBase } from '../knowledge-base';
import { bundledContentDir } from '../app-paths';
import { tempDir } from '../test-support/temp-dir';
import { projectsToCsv } from './projects-csv';

let kb: KnowledgeBase;
beforeEach(() => {
  kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
  return () => kb.close();
});

const legumerie = {
  title: 'Légumerie solidaire pour les collèges',
  description: 'Une légumerie en **chantier d’insertion** fournit les cantines des collèges.',
  status: 'etude' as const,
  themes: ['alimentation', 'insertion'],
  competences: ['collèges', 'insertion et RSA'],
  partners: ['Chantier d’insertion du Champsaur', 'Producteurs locaux'],
  lead: 'Direction de l’éducation',
  budget: 250000,
  startDate: '2027-01-15',
  endDate: '2028-06-30',
};

function passageOf(kit: string, number: number, exact: string) {
  const text = (kb.db.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(kit, number) as { body_text: string }).body_text;
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`passage not found: ${exact}`);
  return { exact, start, end: start + exact.length, prefix: '', suffix: '' };
}

describe('territory', () => {
  it('is chosen from official data by name, postal code or INSEE code, and sets the kits scale', () => {
    const [first] = kb.handlers().searchTerritories({ query: 'hautes alpes', limit: 5 });
    expect(first).toMatchObject({ scale: 'departement', code: '05', name: 'Hautes-Alpes' });
    expect(kb.handlers().searchTerritories({ query: '05000', limit: 3 })[0]).toMatchObject({ scale: 'commune', name: 'Gap' });
    expect(kb.handlers().searchTerritories({ query: '05061', limit: 3 })[0]).toMatchObject({ name: 'Gap' });
    expect(kb.territory.get()).toBeNull();
    expect(kb.territory.set({ scale: 'departement', code: '05' })).toMatchObject({ name: 'Hautes-Alpes', kitScale: 'departement' });
    expect(kb.territory.set({ scale: 'epci', code: '200067825' })).toMatchObject({ name: 'CA Gap-Tallard-Durance', kitScale: 'commune' });
    expect(() => kb.territory.set({ scale: 'commune', code: '99999' })).toThrow(/Aucun territoire/);
    expect(kb.territory.set(null)).toBeNull();
  });

  it('gives the département of a commune and of an intercommunality, to tell homonyms apart', () => {
    expect(kb.handlers().searchTerritories({ query: 'Ancelle', limit: 3 })[0]).toMatchObject({ scale: 'commune', name: 'Ancelle', departement: '05' });
    expect(kb.territory.set({ scale: 'epci', code: '200067825' })).toMatchObject({ departement: '05' });
    expect(kb.handlers().searchTerritories({ query: 'hautes alpes', limit: 1 })[0]?.departement).toBeUndefined();
    kb.territory.set(null);
  });
});

describe('projects', () => {
  it('are created with vocabulary terms and refused with clear French errors', async () => {
    const created = kb.projects.create(legumerie);
    expect(created).toMatchObject({ ...legumerie, archived: false, links: [] });
    const dispatch = createDispatch(kb.handlers(), () => {});
    const failures = await Promise.all([
      dispatch('createProject', { ...legumerie, title: '   ' }),
      dispatch('createProject', { ...legumerie, endDate: '2026-01-01' }),
      dispatch('createProject', { ...legumerie, startDate: '2027-02-30' }),
      dispatch('createProject', { ...legumerie, competences: ['astrologie'] }),
      dispatch('createProject', { ...legumerie, startDate: '0026-09-01' }),
      dispatch('createProject', { ...legumerie, partners: ['x'.repeat(201)] }),
    ]);
    const messages = failures.map((f) => JSON.stringify(f));
    expect(messages[0]).toMatch(/Donnez un titre au projet/);
    expect(messages[1]).toMatch(/La date de fin doit suivre la date de début/);
    expect(messages[2]).toMatch(/Cette date n’existe pas/);
    expect(messages[3]).toMatch(/compétence inconnue « astrologie »/);
    expect(failures[4]).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Date à choisir entre 1900 et 2100.', details: [] } });
    // The field's code name (partners.0) never reaches the person.
    expect(failures[5]).toMatchObject({ ok: false, error: { message: 'Partenaire : au plus 200 caractères.' } });
    expect(() => kb.projects.update({ id: created.id, endDate: '2026-12-31' })).toThrow(/date de fin/);
    expect(kb.projects.list()).toHaveLength(1);
  });

  it('refuses a title on two lines, a NUL character or half a character, changing nothing', async () => {
    const created = kb.projects.create(legumerie);
    const before = kb.db.prepare('SELECT * FROM projects').all();
    const dispatch = createDispatch(kb.handlers(), () => {});
    const unsafe = 'Le texte contient un caractère invalide (caractère nul ou caractère incomplet) : retapez ce passage.';
    const refusals: [string, unknown, string][] = [
      ['createProject', { ...legumerie, title: 'Légumerie\nsolidaire' }, 'Le titre tient sur une seule ligne, sans caractère de contrôle.'],
      ['createProject', { ...legumerie, description: 'Avant\u0000après' }, unsafe],
      ['updateProject', { id: created.id, lead: 'Direction \uDC00' }, unsafe],
      ['updateProject', { id: created.id, partners: 'Producteurs' }, 'Liste attendue.'],
      ['getProject', { id: '42' }, 'Identifiant de projet invalide.'],
    ];
    for (const [method, input, message] of refusals) {
      expect(await dispatch(method, input)).toMatchObject({ ok: false, error: { code: 'invalid_input', message } });
    }
    expect(kb.db.prepare('SELECT * FROM projects').all()).toEqual(before);
  });

  it('are edited, filtered, archived and deleted without touching fiches or annotations', () => {
    const a = kb.projects.create(legumerie);
    const b = kb.projects.create({ title: 'Garage solidaire', status: 'en_cours', themes: ['mobilité'] });
    expect(kb.projects.update({ id: b.id, status: 'realise', partners: ['Association Roulons'] })).toMatchObject({ status: 'realise', partners: ['Association Roulons'] });
    expect(kb.projects.list({ theme: 'mobilité' }).map((p) => p.id)).toEqual([b.id]);
    expect(kb.projects.list({ competence: 'collèges' }).map((p) => p.id)).toEqual([a.id]);
    kb.projects.update({ id: b.id, archived: true });
    expect(kb.projects.list().map((p) => p.id)).toEqual([a.id]);
    expect(kb.projects.list({ includeArchived: true })).toHaveLength(2);

    const note = kb.annotations.create({ kit: 'departementaless', number: 7, selector: null, note: 'À relire' });
    kb.projects.link({ projectId: a.id, kit: 'departementaless', number: 7, annotationId: note.id, reason: 'exemple' });
    kb.projects.delete(a.id);
    expect(() => kb.projects.get(a.id)).toThrow(/n’existe plus/);
    expect(kb.annotations.get(note.id).note).toBe('À relire');
    expect(kb.handlers().getFiche({ kit: 'departementaless', number: 7 }).title).toBe('Agriculture, alimentation & ESS');
  });
});

describe('links', () => {
  it('are added several at once with one reason, or not at all when one of them is refused', () => {
    const project = kb.projects.create({ title: 'Tiers-lieu' });
    const annotation = kb.annotations.create({ kit: 'departementaless', number: 7, selector: passageOf('departementaless', 7, 'collèges'), note: '' });
    const detail = kb.handlers().linkManyToProject({
      projectId: project.id,
      targets: [
        { kit: 'departementaless', number: 11, annotationId: null },
        { kit: 'municipaless', number: 7, annotationId: null },
        { kit: 'departementaless', number: 7, annotationId: annotation.id },
      ],
      reason: 'exemple',
    });
    expect(detail.links.map((l) => [l.kit, l.number, l.quote, l.reason])).toEqual(
      expect.arrayContaining([
        ['departementaless', 11, null, 'exemple'],
        ['municipaless', 7, null, 'exemple'],
        ['departementaless', 7, 'collèges', 'exemple'],
      ]),
    );
    expect(detail.links).toHaveLength(3);

    // The last target is not in the base: the first two are not linked either.
    const other = kb.projects.create({ title: 'Recyclerie' });
    expect(() =>
      kb.projects.linkMany({
        projectId: other.id,
        targets: [
          { kit: 'municipaless', number: 7 },
          { kit: 'municipaless', number: 9 },
          { kit: 'municipaless', number: 99 },
        ],
        reason: 'levier',
      }),
    ).toThrow(/n’existe pas/);
    expect(kb.projects.get(other.id).links).toEqual([]);
    const dispatch = createDispatch(kb.handlers(), () => {});
    return expect(dispatch('linkManyToProject', { projectId: other.id, targets: [], reason: 'levier' })).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Choisissez au moins une fiche ou un passage/) },
    });
  });

  it('tie a project to fiches and passages, seen from both sides; a deleted annotation leaves the link on its fiche', () => {
    const project = kb.projects.create(legumerie);
    const annotation = kb.annotations.create({
      kit: 'departementaless',
      number: 7,
      selector: passageOf('departementaless', 7, 'collèges'),
      note: 'Les collèges comme débouché',
    });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 11, reason: 'point de vigilance' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, annotationId: annotation.id, reason: 'exemple' });

    const detail = kb.projects.get(project.id);
    expect(detail.links.map((l) => [l.number, l.reason, l.quote])).toEqual(
      expect.arrayContaining([
        [7, 'levier', null],
        [11, 'point de vigilance', null],
        [7, 'exemple', 'collèges'],
      ]),
    );
    expect(detail.links.find((l) => l.annotationId)?.note).toBe('Les collèges comme débouché');
    expect(kb.annotations.list({ project: project.id }).map((a) => a.id)).toEqual([annotation.id]);
    expect(kb.annotations.list({ project: kb.projects.create({ title: 'Autre' }).id })).toEqual([]);
    expect(kb.projects.linksOfFiche('departementaless', 7).map((l) => l.projectTitle)).toEqual([legumerie.title, legumerie.title]);

    expect(() => kb.projects.link({ projectId: project.id, kit: 'regionaless', number: 9, annotationId: annotation.id, reason: 'levier' })).toThrow(
      /n’appartient pas à cette fiche/,
    );
    kb.annotations.delete(annotation.id);
    expect(kb.projects.get(project.id).links.filter((l) => l.number === 7)).toHaveLength(2);
  });
});

describe('dashboard, dossier and CSV', () => {
  it('shows the territory’s competences against its projects and the most linked fiches', () => {
    kb.territory.set({ scale: 'departement', code: '05' });
    const project = kb.projects.create(legumerie);
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    const dashboard = kb.handlers().getDashboard({});
    expect(dashboard.territory?.name).toBe('Hautes-Alpes');
    expect(dashboard.projectsByStatus.find((s) => s.status === 'etude')?.count).toBe(1);
    const colleges = dashboard.competences.find((c) => c.competence === 'collèges');
    expect(colleges?.projects.map((p) => p.title)).toEqual([legumerie.title]);
    expect(dashboard.competences.find((c) => c.competence === 'tourisme')?.projects).toEqual([]);
    expect(dashboard.competences.some((c) => c.competence === 'lycées')).toBe(false);
    expect(dashboard.mostLinkedFiches[0]).toMatchObject({ kit: 'departementaless', number: 7, projects: 1 });
  });

  it('ranks the most cited fiches by projects, a project citing a fiche and its passages counting once', () => {
    const legumerieProject = kb.projects.create(legumerie);
    const annotation = kb.annotations.create({ kit: 'departementaless', number: 7, selector: passageOf('departementaless', 7, 'collèges'), note: '' });
    kb.projects.link({ projectId: legumerieProject.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.projects.link({ projectId: legumerieProject.id, kit: 'departementaless', number: 7, annotationId: annotation.id, reason: 'exemple' });
    for (const title of ['Régie de quartier', 'Chantier d’insertion']) {
      kb.projects.link({ projectId: kb.projects.create({ title }).id, kit: 'departementaless', number: 11, reason: 'levier' });
    }
    expect(kb.handlers().getDashboard({}).mostLinkedFiches.map((f) => [f.number, f.projects])).toEqual([
      [11, 2],
      [7, 1],
    ]);
  });

  it('exports a dossier an official can hand to a committee', () => {
    kb.territory.set({ scale: 'departement', code: '05' });
    const project = kb.projects.create(legumerie);
    const annotation = kb.annotations.create({ kit: 'departementaless', number: 7, selector: passageOf('departementaless', 7, 'collèges'), note: 'Débouché' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: 'levier' });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, annotationId: annotation.id, reason: 'exemple' });
    const { fileName, markdown } = kb.exportDossier(project.id);
    expect(fileName).toBe('dossier-legumerie-solidaire-pour-les-colleges.md');
    expect(markdown).toMatch(/^# Légumerie solidaire pour les collèges\n/);
    expect(markdown).toContain('- **Territoire** : Hautes-Alpes, Département (05)');
    expect(markdown).toContain('- **Budget** : 250');
    expect(markdown).toContain('du 15 janvier 2027 au 30 juin 2028');
    expect(markdown).toContain('## Fiches de référence');
    expect(markdown).toContain('### DépartementalESS, fiche 7 : Agriculture, alimentation & ESS');
    expect(markdown).toContain('_Pourquoi : levier_');
    expect(markdown).toContain('> « collèges »');
    expect(markdown).toContain('Fiche officielle : https://');
  });

  it('writes hostile text of a project as inert Markdown in its dossier', () => {
    const project = kb.projects.create({
      ...legumerie,
      title: 'Légumerie <script>alert(1)</script>',
      description: 'Voir [le site](javascript:alert(document.cookie)) et <iframe src="https://exemple.fr"></iframe>',
      partners: ['<b>Producteurs</b>'],
    });
    kb.projects.link({ projectId: project.id, kit: 'departementaless', number: 7, reason: '[levier](data:text/html,x)' });
    const { markdown } = kb.exportDossier(project.id);
    expect(markdown).toMatch(/^# Légumerie &lt;script>alert\(1\)&lt;\/script>\n/);
    expect(markdown).toContain('Voir [le site](#javascript:alert(document.cookie)) et &lt;iframe src="https://exemple.fr">&lt;/iframe>');
    expect(markdown).toContain('- **Partenaires** : &lt;b>Producteurs&lt;/b>');
    expect(markdown).toContain('_Pourquoi : [levier](#data:text/html,x)_');
    expect(markdown).not.toMatch(/<script|<iframe|<b>|\]\(javascript:|\]\(data:/);
  });

  it('writes projects as CSV for a spreadsheet, with formulas neutralised', () => {
    const csv = projectsToCsv([
      { ...kb.projects.create(legumerie), title: '=HYPERLINK("http://x")', partners: ['A; B', 'C "D"'] },
    ]);
    expect(csv.startsWith('\uFEFF"Titre";"Statut"')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")";"En étude"`);
    expect(csv).toContain('"A; B, C ""D"""');
  });
});

describe('search', () => {
  it('finds projects by title, description and partners', () => {
    kb.projects.create(legumerie);
    const project = kb.search.search({ query: 'legumerie ' }).hits.find((h) => h.type === 'project');
    expect(project?.type === 'project' && project.title.filter((s) => s.mark).map((s) => s.text)).toEqual(['Légumerie']);
    expect(kb.search.search({ query: 'Champsaur ' }).hits.map((h) => h.type)).toEqual(['project']);
    expect(kb.search.search({ query: 'chantiers insertion ' }).hits.some((h) => h.type === 'project')).toBe(true);
  });
});
