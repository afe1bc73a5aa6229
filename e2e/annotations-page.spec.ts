import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';

interface CreatedAnnotation {
  id: string;
  kit: string;
  number: number;
}

interface NoteInput {
  kit: string;
  number: number;
  note: string;
  tags: string[];
  color: 'jaune' | 'vert' | 'bleu' | 'rose' | 'violet' | null;
}

/** Creates a note on a whole fiche through the web host's API, as the fiche reader would. */
function createNote(app: RunningApp, input: NoteInput): Promise<CreatedAnnotation> {
  return callApi<CreatedAnnotation>(app, 'createAnnotation', { ...input, selector: null });
}

/** A tag no other test uses, so that assertions hold whatever else the shared data folder holds. */
function uniqueTag(name: string): string {
  return `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

const municipalSeven = 'MunicipalESS · fiche 7 : Commande publique responsable';

function cards(page: Page) {
  return page.locator('.annotations-page li.card');
}

async function chooseTag(page: Page, tag: string): Promise<void> {
  await page.getByLabel('Étiquette', { exact: true }).selectOption(tag);
}

test('the annotations of every fiche show as cards that filters narrow down', async ({ page, openApp, app }) => {
  const tag = uniqueTag('essai');
  const second = uniqueTag('second');
  await createNote(app, { kit: 'municipaless', number: 7, note: 'Les **clauses sociales** comptent\n\n- sourcing\n- _marchés réservés_', tags: [tag, 'achats'], color: 'vert' });
  await createNote(app, { kit: 'regionaless', number: 7, note: 'Piste pour le tourisme social.', tags: [tag], color: 'jaune' });
  await createNote(app, { kit: 'municipaless', number: 9, note: 'Voir la SCIC du quartier.', tags: [tag, second], color: null });

  await openApp('#/annotations');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mes annotations');
  await chooseTag(page, tag);
  await expect(cards(page)).toHaveCount(3);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('(3)');

  // Reading order: one heading per fiche, the fiche's reference in it.
  await expect(page.getByRole('heading', { level: 2, name: municipalSeven })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'RégionalESS · fiche 7 : Tourisme et ESS' })).toBeVisible();
  const first = cards(page).filter({ hasText: 'clauses sociales' });
  await expect(first).toContainText('Note sur l’ensemble de la fiche');
  await expect(first).toContainText('Surlignage vert');
  await expect(first.locator('strong')).toHaveText('clauses sociales');
  await expect(first.locator('li em')).toHaveText('marchés réservés');
  await expect(first).toContainText(/créée le \d{1,2} \p{L}+ \d{4}/u);
  await page.screenshot({ path: screenshotPath('annotations-page') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: screenshotPath('annotations-page-dark') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Colour, kit and tag filters combine.
  await page.getByLabel('Couleur', { exact: true }).selectOption('jaune');
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page)).toContainText('Piste pour le tourisme social.');
  await expect(cards(page)).toContainText('Surlignage jaune');
  await page.getByLabel('Couleur', { exact: true }).selectOption('');
  await page.getByLabel('Kit', { exact: true }).selectOption({ label: 'MunicipalESS' });
  await expect(cards(page)).toHaveCount(2);
  await page.getByLabel('Couleur', { exact: true }).selectOption('rose');
  await expect(cards(page)).toHaveCount(0);
  await expect(page.getByText('Aucune annotation ne correspond à ces filtres.')).toBeVisible();
  await page.getByRole('button', { name: 'Retirer les filtres' }).first().click();
  await expect(page.getByLabel('Étiquette', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Kit', { exact: true })).toBeFocused();
  await chooseTag(page, tag);
  await expect(cards(page)).toHaveCount(3);

  // Most recent first: each card then names its fiche.
  await page.getByLabel('Trier par', { exact: true }).selectOption({ label: 'Plus récentes' });
  await expect(page.locator('.annotations-page').getByRole('heading', { level: 2 })).toHaveCount(0);
  await expect(cards(page).first().locator('a.fiche-ref')).toHaveText(
    "MunicipalESS · fiche 9 : Les Sociétés Coopératives d’Intérêt Collectif (SCIC)",
  );
  await expect(cards(page).nth(2).locator('a.fiche-ref')).toHaveText(municipalSeven);

  // A tag chip filters by its tag, from the keyboard too.
  const chip = cards(page).first().getByRole('button', { name: second });
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByLabel('Étiquette', { exact: true })).toHaveValue(second);
  await expect(cards(page).getByRole('button', { name: second })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: screenshotPath('annotations-page-tag') });
});

test('hostile HTML in a note is shown inert', async ({ page, openApp, app }) => {
  const tag = uniqueTag('piege');
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await createNote(app, {
    kit: 'municipaless',
    number: 7,
    note: 'Avant <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>\n\n[Lien piégé](javascript:window.__pwned=3) **après**',
    tags: [tag],
    color: 'rose',
  });
  await openApp('#/annotations');
  await chooseTag(page, tag);
  await expect(cards(page)).toHaveCount(1);
  const note = cards(page).locator('.note');
  await expect(note).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(note).toContainText('<script>window.__pwned=2</script>');
  await expect(note.locator('strong')).toHaveText('après');
  await note.getByText('Lien piégé').click();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('main img, main script, main iframe, main svg').count()).toBe(0);
  const dangerous = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on') || /^\s*(javascript|data):/i.test(a.value)).map((a) => `${el.tagName}.${a.name}`),
    ),
  );
  expect(dangerous).toEqual([]);
});

test('« Enregistrer mes notes » downloads the annotations that the filters show', async ({ page, openApp, app }) => {
  const tag = uniqueTag('export');
  await createNote(app, { kit: 'municipaless', number: 7, note: `Note à exporter ${tag}`, tags: [tag], color: 'bleu' });
  await createNote(app, { kit: 'municipaless', number: 8, note: `Note sans l’étiquette ${tag}`, tags: [], color: 'bleu' });
  await createNote(app, { kit: 'regionaless', number: 7, note: `Note régionale ${tag}`, tags: [tag], color: null });
  await openApp('#/annotations');
  await expect(cards(page).first()).toBeVisible();
  await page.getByLabel('Kit', { exact: true }).selectOption({ label: 'MunicipalESS' });
  await chooseTag(page, tag);
  await expect(cards(page)).toHaveCount(1);
  await expect(page.getByText('L’annotation affichée', { exact: true })).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Enregistrer mes notes' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^annotations-municipaless-\d{4}-\d{2}-\d{2}\.md$/);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).toContain(`Note à exporter ${tag}`);
  expect(text).toContain('MunicipalESS, fiche 7 : Commande publique responsable');
  expect(text).not.toContain(`Note régionale ${tag}`);
  expect(text).not.toContain(`Note sans l’étiquette ${tag}`);
  await expect(page.getByRole('status').filter({ hasText: 'annotations-municipaless' })).toBeVisible();

  // Filters that show nothing leave nothing to export.
  await page.getByLabel('Couleur', { exact: true }).selectOption({ label: 'Rose' });
  await expect(page.getByText('Aucune annotation ne correspond à ces filtres.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retirer les filtres' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Enregistrer mes notes' })).toBeDisabled();
});

test('a link to an annotation deleted since says so on the fiche', async ({ page, openApp, app }) => {
  const gone = await createNote(app, { kit: 'municipaless', number: 8, note: 'Note bientôt supprimée', tags: [], color: null });
  await callApi(app, 'deleteAnnotation', { id: gone.id });
  await openApp(`#/fiche/municipaless/8?annotation=${gone.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('alimentation');
  await expect(page.getByRole('status').filter({ hasText: 'L’annotation de ce lien n’existe plus' })).toBeVisible();
});

test('the fiche reference opens the fiche at the annotation', async ({ page, openApp, app }) => {
  const tag = uniqueTag('lien');
  const created = await createNote(app, { kit: 'municipaless', number: 7, note: 'Note à retrouver', tags: [tag], color: 'violet' });
  await openApp('#/annotations');
  await chooseTag(page, tag);
  await page.getByLabel('Trier par', { exact: true }).selectOption('date');
  await expect(cards(page)).toHaveCount(1);
  const link = cards(page).getByRole('link', { name: municipalSeven });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/fiche/municipaless/7\\?annotation=${created.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Commande publique responsable');

  // « Retour » finds the list as it was left.
  await page.goBack();
  await expect(page.getByLabel('Étiquette', { exact: true })).toHaveValue(tag);
  await expect(cards(page)).toHaveCount(1);
});

test('with no annotation yet the page explains how to annotate, and errors show in an alert', async ({ page, openApp }) => {
  await page.route('**/api/listAnnotations', (route) => route.fulfill({ json: { ok: true, value: [] } }));
  await openApp('#/annotations');
  await expect(page.getByRole('heading', { level: 2, name: 'Vous n’avez pas encore d’annotation' })).toBeVisible();
  await expect(page.getByText('sélectionnez un passage du texte')).toBeVisible();
  await expect(page.getByText('« Ajouter une note »')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enregistrer mes notes' })).toBeDisabled();
  await page.screenshot({ path: screenshotPath('annotations-empty') });

  await page.unroute('**/api/listAnnotations');
  await page.route('**/api/listAnnotations', (route) =>
    route.fulfill({ json: { ok: false, error: { code: 'database_unreadable', message: 'La base de données est illisible.', details: [] } } }),
  );
  await page.getByLabel('Trier par', { exact: true }).selectOption('date');
  await expect(page.getByRole('alert')).toContainText('La base de données est illisible.');
  await page.unroute('**/api/listAnnotations');
  await page.getByRole('alert').getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a passage shows its quote, and an orphan says its passage was not found', async ({ page, openApp }) => {
  const base = {
    kit: 'municipaless',
    number: 7,
    ficheTitle: 'Commande publique responsable',
    kitTitle: 'MunicipalESS',
    tags: ['marchés'],
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
  };
  const selector = (exact: string) => ({ exact, prefix: '', suffix: '', start: 10, end: 10 + exact.length });
  const list = [
    { ...base, id: '6f1c1c1e-0000-4000-8000-000000000001', color: 'bleu', note: 'À reprendre dans le **schéma**.', selector: selector('les clauses sociales'), status: 'anchored' },
    { ...base, id: '6f1c1c1e-0000-4000-8000-000000000002', color: 'rose', note: '', selector: selector('un passage retiré depuis'), status: 'orphan' },
  ];
  await page.route('**/api/listAnnotations', (route) => route.fulfill({ json: { ok: true, value: list } }));
  await openApp('#/annotations');
  await expect(cards(page)).toHaveCount(2);
  await expect(cards(page).first().locator('blockquote')).toHaveText('« les clauses sociales »');
  await expect(cards(page).first()).toContainText('Surlignage bleu');
  await expect(cards(page).first()).toContainText('modifiée le 25 novembre 2026');
  await expect(cards(page).first().getByRole('link', { name: /Voir le passage/ })).toHaveAttribute(
    'href',
    '#/fiche/municipaless/7?annotation=6f1c1c1e-0000-4000-8000-000000000001',
  );
  const orphan = cards(page).nth(1);
  await expect(orphan).toContainText('Passage introuvable');
  await expect(orphan).toContainText('n’a pas été retrouvé dans la version actuelle de la fiche');
  await expect(orphan.locator('blockquote')).toHaveText('« un passage retiré depuis »');
  await page.screenshot({ path: screenshotPath('annotations-orphan') });
});
