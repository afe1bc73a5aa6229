import type { Page } from '@playwright/test';
import { callApi, expect, test, type RunningApp } from './app-fixture';

/*
 * The app speaks to elected officials: no file-format jargon in what it shows (« Markdown »,
 * « JSON », « CSV »; a file extension such as « (.csv) » beside plain words is fine), and French
 * typography (’, not ') in its own words. The kits' text (titles, summaries, descriptions, the
 * vocabulary of themes and competences) comes from the content packs, not from the app: it is
 * taken out before looking at the apostrophes.
 */

interface KitInfo {
  slug: string;
  title: string;
  description: string;
  published: string | null;
  elections: string | null;
  missing: { hint: string | null }[];
}

/** Every text of the kits that the pages walked here may show, as the page shows it (spaces collapsed). */
async function kitTexts(app: RunningApp): Promise<string[]> {
  const kits = await callApi<KitInfo[]>(app, 'listKits', {});
  const fiches = await Promise.all(kits.map((kit) => callApi<{ title: string; summary: string }[]>(app, 'listFiches', { kit: kit.slug })));
  const vocabulary = await callApi<{ themes: string[]; competences: Record<string, string[]> }>(app, 'getVocabulary', {});
  const texts = [
    ...vocabulary.themes,
    ...Object.values(vocabulary.competences).flat(),
    ...kits.flatMap((kit) => [kit.title, kit.description, kit.published ?? '', kit.elections ?? '', ...kit.missing.map((m) => m.hint ?? '')]),
    ...fiches.flat().flatMap((fiche) => [fiche.title, fiche.summary]),
  ];
  return texts.map(collapse).filter(Boolean);
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What the page shows in <main> (open dialogs included), one line per block. */
async function shownText(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text.split('\n').map(collapse).filter(Boolean);
}

async function expectPlainWords(page: Page, where: string, kitText: string[]): Promise<void> {
  const lines = await shownText(page);
  expect(lines.length, `${where}: the page shows something`).toBeGreaterThan(2);
  expect(lines.filter((line) => /\b(Markdown|JSON|CSV)\b/.test(line)), `${where}: file-format jargon`).toEqual([]);
  // Longest first, so that a short term (a theme) does not break a longer text that holds it.
  const quoted = [...kitText].sort((a, b) => b.length - a.length);
  const ownWords = lines.map((line) => quoted.reduce((rest, text) => rest.split(text).join(' '), line));
  expect(ownWords.filter((line) => line.includes("'")), `${where}: straight apostrophes`).toEqual([]);
}

async function visit(page: Page, hash: string, heading: RegExp | string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(heading);
  // Lists load after the heading: wait until nothing says it is loading.
  await expect(page.locator('main')).not.toContainText('Chargement');
}

test('the main pages speak plain French: no file-format jargon, typographic apostrophes', async ({ page, openApp, app }) => {
  const kitText = await kitTexts(app);
  const project = await callApi<{ id: string }>(app, 'createProject', { title: 'Cantine solidaire', description: 'Une **cantine** approvisionnée en circuit court.' });
  await callApi(app, 'linkToProject', { projectId: project.id, kit: 'municipaless', number: 8, reason: 'levier' });
  await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 8, selector: null, note: 'À présenter au conseil.', tags: ['cantine'], color: null });
  await openApp();
  await expectPlainWords(page, 'accueil', kitText);

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
    await expectPlainWords(page, hash, kitText);
  }

  // The dialogs say it in the same words.
  await visit(page, '#/annotations', 'Mes annotations');
  await page.locator('.annotations-page li.card').filter({ hasText: 'À présenter au conseil.' }).first().getByRole('button', { name: 'Modifier' }).click();
  await expect(page.getByRole('dialog', { name: 'Modifier l’annotation' })).toBeVisible();
  await expectPlainWords(page, 'note editor', kitText);
  await page.keyboard.press('Escape');

  await visit(page, `#/projets/${project.id}`, 'Cantine solidaire');
  await page.getByRole('button', { name: 'Ajouter des fiches ou des passages' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter des fiches ou des passages' });
  await dialog.getByLabel('Chercher').fill('conseil');
  await expect(dialog.getByRole('checkbox').first()).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Point de vigilance' })).toBeVisible();
  await expectPlainWords(page, 'add-to-dossier dialog', [...kitText, ...(await snippetsOf(page))]);
});

/** Search snippets are cut from the kits' text: taken out with it. */
async function snippetsOf(page: Page): Promise<string[]> {
  const texts = await page.locator('dialog .candidate .text, dialog .candidate .quote').allInnerTexts();
  return texts.map(collapse).filter(Boolean);
}
