import type { Page } from '@playwright/test';
import { callApi, expect, test, type RunningApp } from './app-fixture';

/*
 * The app speaks to elected officials: no file-format jargon in what it shows (« Markdown »,
 * « JSON », « CSV »; a file extension such as « (.csv) » beside plain words is fine), and French
 * typography (’, not ') in its own words. The text it quotes is not its own: the kits' text
 * (fiches, kit descriptions, the vocabulary of themes and competences) comes from the content
 * packs, and notes, tags, projects and the territory from the people (other tests of the worker
 * leave theirs): their words are taken out before looking at the apostrophes.
 */

/** The words written with a straight apostrophe (« d'entreprise »), cut out the same way from any text. */
function apostropheWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}]*'[\p{L}\p{N}]*/gu) ?? [];
}

interface KitInfo {
  slug: string;
  title: string;
  description: string;
  published: string | null;
  elections: string | null;
  missing: { hint: string | null }[];
}

/** The words with a straight apostrophe of every text the app quotes rather than writes. */
async function quotedWords(app: RunningApp): Promise<Set<string>> {
  const kits = await callApi<KitInfo[]>(app, 'listKits', {});
  const summaries = (
    await Promise.all(kits.map((kit) => callApi<{ number: number; title: string; summary: string }[]>(app, 'listFiches', { kit: kit.slug })))
  ).flatMap((fiches, index) => fiches.map((fiche) => ({ kit: kits[index]?.slug ?? '', ...fiche })));
  const bodies = await Promise.all(summaries.map((f) => callApi<{ bodyMd: string }>(app, 'getFiche', { kit: f.kit, number: f.number })));
  const vocabulary = await callApi<{ themes: string[]; competences: Record<string, string[]> }>(app, 'getVocabulary', {});
  const projects = await callApi<{ title: string; description: string; lead: string; partners: string[] }[]>(app, 'listProjects', { includeArchived: true });
  const annotations = await callApi<{ note: string; tags: string[]; selector: { exact: string } | null }[]>(app, 'listAnnotations', {});
  const territory = await callApi<{ name: string; detail: string } | null>(app, 'getTerritory', {});
  const texts = [
    ...kits.flatMap((kit) => [kit.title, kit.description, kit.published ?? '', kit.elections ?? '', ...kit.missing.map((m) => m.hint ?? '')]),
    ...summaries.flatMap((fiche) => [fiche.title, fiche.summary]),
    ...bodies.map((fiche) => fiche.bodyMd),
    ...vocabulary.themes,
    ...Object.values(vocabulary.competences).flat(),
    ...projects.flatMap((project) => [project.title, project.description, project.lead, ...project.partners]),
    ...annotations.flatMap((annotation) => [annotation.note, ...annotation.tags, annotation.selector?.exact ?? '']),
    territory?.name ?? '',
    territory?.detail ?? '',
  ];
  return new Set(texts.flatMap(apostropheWords));
}

/** What the page shows in <main> (open dialogs included), one line per block. */
async function shownText(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

async function expectPlainWords(page: Page, where: string, quoted: Set<string>): Promise<void> {
  const lines = await shownText(page);
  expect(lines.length, `${where}: the page shows something`).toBeGreaterThan(2);
  expect(lines.filter((line) => /\b(Markdown|JSON|CSV)\b/.test(line)), `${where}: file-format jargon`).toEqual([]);
  const ownApostrophes = lines.flatMap((line) => apostropheWords(line).filter((word) => !quoted.has(word)).map((word) => `${word} : ${line}`));
  expect(ownApostrophes, `${where}: straight apostrophes`).toEqual([]);
}

async function visit(page: Page, hash: string, heading: RegExp | string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(heading);
  // Lists load after the heading: wait until nothing says it is loading.
  await expect(page.locator('main')).not.toContainText('Chargement');
}

test('the main pages speak plain French: no file-format jargon, typographic apostrophes', async ({ page, openApp, app }) => {
  const project = await callApi<{ id: string }>(app, 'createProject', { title: 'Cantine solidaire', description: 'Une **cantine** approvisionnée en circuit court.' });
  await callApi(app, 'linkToProject', { projectId: project.id, kit: 'municipaless', number: 8, reason: 'levier' });
  await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 8, selector: null, note: 'À présenter au conseil.', tags: ['cantine'], color: null });
  const quoted = await quotedWords(app);
  await openApp();
  await expectPlainWords(page, 'accueil', quoted);

  const pages: [string, string | RegExp][] = [
    ['#/kit/municipaless', 'MunicipalESS'],
    ['#/annotations', 'Mes annotations'],
    ['#/projets', 'Projets du territoire'],
    [`#/projets/${project.id}`, 'Cantine solidaire'],
    ['#/projets/nouveau', /projet/i],
    ['#/tableau-de-bord', /./],
    ['#/territoire', 'Mon territoire'],
    ['#/donnees', 'Sauvegardes'],
    ['#/echanges', 'Échanger avec un collègue'],
  ];
  for (const [hash, heading] of pages) {
    await visit(page, hash, heading);
    await expectPlainWords(page, hash, quoted);
  }

  // The dialogs say it in the same words.
  await visit(page, '#/annotations', 'Mes annotations');
  await page.locator('.annotations-page li.card').filter({ hasText: 'À présenter au conseil.' }).first().getByRole('button', { name: 'Modifier' }).click();
  await expect(page.getByRole('dialog', { name: 'Modifier l’annotation' })).toBeVisible();
  await expectPlainWords(page, 'note editor', quoted);
  await page.keyboard.press('Escape');

  await visit(page, `#/projets/${project.id}`, 'Cantine solidaire');
  await page.getByRole('button', { name: 'Ajouter des fiches ou des passages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter des fiches ou des passages' });
  await dialog.getByLabel('Chercher').fill('conseil');
  await expect(dialog.getByRole('checkbox').first()).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Point de vigilance' })).toBeVisible();
  await expectPlainWords(page, 'add-to-dossier dialog', quoted);
});
