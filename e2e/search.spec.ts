import { callApi, expect, screenshotPath, test } from './app-fixture';

// These tests read the ranking of the fiches: documents that other tests of this worker imported
// into the shared data folder are taken out of the library first.
test.beforeEach(async ({ app }) => {
  for (const document of await callApi<{ id: string }[]>(app, 'listDocuments', {})) {
    await callApi(app, 'removeDocument', { id: document.id });
  }
});

test('Ctrl+K then typing shows marked results as one types, ignoring accents', async ({ page, openApp }) => {
  await openApp();
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
  await expect(box).toBeFocused();
  await page.keyboard.type('economie sociale');
  const results = page.locator('#search-results li');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('pour les mots « economie sociale »');
  const marks = await results.first().locator('mark').allTextContents();
  expect(marks.map((m) => m.toLowerCase())).toContain('économie');
  await expect(box).toBeFocused();
  await page.screenshot({ path: screenshotPath('search-results') });
});

test('the right fiches come first for the queries people type', async ({ page, openApp, app }) => {
  // Plain relevance: no territory to put its scale first (the data folder is shared by the worker's tests).
  await callApi(app, 'setTerritory', { territory: null });
  await openApp();
  const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
  const firstTitles = async (query: string) => {
    await box.fill(query);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`« ${query.trim()} »`);
    return page.locator('#search-results .result-title').evaluateAll((els) => els.slice(0, 3).map((el) => el.textContent ?? ''));
  };
  expect((await firstTitles('cooperative ')).join('\n')).toMatch(/Coopératives d’Intérêt Collectif/);
  expect((await firstTitles('commande publique ')).slice(0, 3).every((t) => t.includes('Commande publique'))).toBe(true);
  expect((await firstTitles('fonds europeens '))[0]).toContain('fonds européens');
  const withRsa = await page.locator('#search-results li').count();
  await box.fill('insertion -RSA ');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('pour « insertion », sans « RSA »');
  const snippets = await page.locator('#search-results .result-snippet').allTextContents();
  expect(snippets.some((s) => /\bRSA\b/.test(s))).toBe(false);
  expect(withRsa).toBeGreaterThan(0);
});

test('arrows and Enter open a result with every hit marked and hit navigation', async ({ page, openApp }) => {
  // Fiches only: notes that other tests of this worker left on fiche 9 match « coopératives » too.
  await openApp('#/recherche?type=fiche');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('cooperatives');
  await expect(page.locator('#search-results')).toHaveAttribute('aria-busy', 'false');
  await expect(page).toHaveURL(/type=fiche/);
  expect((await page.locator('#search-results .result-meta').allTextContents()).every((meta) => / · fiche \d+$/.test(meta))).toBe(true);
  await expect(page.locator('#search-results li').first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#search-results li').nth(1)).toHaveAttribute('aria-selected', 'true');
  const chosen = await page.locator('#search-results li').nth(1).locator('.result-title').textContent();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(chosen ?? '');
  const hits = page.locator('.fiche-body mark.hit');
  expect(await hits.count()).toBeGreaterThan(1);
  const bar = page.getByRole('region', { name: 'Occurrences de la recherche' });
  await bar.getByRole('button', { name: 'Occurrence suivante' }).click();
  await expect(hits.first()).toHaveClass(/current/);
  await expect(bar).toContainText(`1 / ${await hits.count()} occurrences`);
  await bar.getByRole('button', { name: 'Occurrence suivante' }).click();
  await expect(hits.nth(1)).toHaveClass(/current/);
  await expect(hits.nth(1)).toBeInViewport();
  await page.screenshot({ path: screenshotPath('fiche-hits') });
});

test('facets filter the results and an empty result suggests what to try', async ({ page, openApp }) => {
  await openApp('#/recherche?q=insertion');
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await page.getByRole('group', { name: 'Kit' }).getByLabel('RégionalESS').check();
  await expect(page).toHaveURL(/kit=regionaless/);
  await expect(page.locator('#search-results .result-meta').first()).toContainText('RégionalESS');
  // The list is replaced as the filter applies: read it until every result is of the kit.
  await expect
    .poll(async () => (await page.locator('#search-results .result-meta').allTextContents()).every((m) => m.includes('RégionalESS')))
    .toBe(true);

  const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
  await box.fill('tourisme ');
  await page.getByRole('group', { name: 'Kit' }).getByLabel('RégionalESS').uncheck();
  await page.getByRole('group', { name: 'Kit' }).getByLabel('MunicipalESS').check();
  await box.fill('cooperatvie ');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Aucun résultat');
  await page.getByRole('button', { name: 'coopérative', exact: true }).click();
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('search-facets') });
});

test('Enter never opens a result of an earlier query still on screen', async ({ page, openApp }) => {
  await openApp();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('cooperative');
  await expect(page.locator('#search-results li').first()).toHaveAttribute('aria-selected', 'true');
  // Typed and confirmed faster than the search answers (it waits for a pause in typing).
  await page.keyboard.press('Control+a');
  await page.keyboard.type('zzqxw');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Aucun résultat');
  await expect(page).toHaveURL(/#\/recherche\?q=zzqxw/);
});

test('an exact phrase is marked and counted only where its words follow each other', async ({ page, openApp }) => {
  await openApp();
  const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
  await box.fill('"clauses sociales"');
  await expect(page.locator('#search-results')).toHaveAttribute('aria-busy', 'false');
  const snippetMarks = await page.locator('#search-results .result-snippet mark').allTextContents();
  expect(snippetMarks.length).toBeGreaterThan(0);
  for (const mark of snippetMarks) expect(mark).toMatch(/^clauses? sociales?$/i);

  // The fiche itself, not a note of another test on it.
  await page.locator('#search-results li').filter({ has: page.locator('.result-meta', { hasText: /^MunicipalESS · fiche 7$/ }) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Commande publique responsable');
  // One occurrence may be marked in pieces (a phrase across a glossary term or bold text).
  const occurrences = await page.locator('.fiche-body mark.hit').evaluateAll((marks) => {
    const byHit = new Map<string, string>();
    marks.forEach((mark, index) => {
      const key = (mark as HTMLElement).dataset.hit ?? `piece-${index}`;
      byHit.set(key, `${byHit.get(key) ?? ''}${mark.textContent ?? ''}`);
    });
    return [...byHit.values()];
  });
  // The phrase as the fiche's text holds it, glossary hints aside.
  const inText = await page.locator('.fiche-body').evaluate((body) => {
    const copy = body.cloneNode(true) as HTMLElement;
    for (const hint of copy.querySelectorAll('[data-kb-ui]')) hint.remove();
    return (copy.textContent ?? '').match(/clauses?\s+sociales?/gi)?.length ?? 0;
  });
  expect(inText).toBeGreaterThan(1);
  expect(occurrences).toHaveLength(inText);
  for (const occurrence of occurrences) expect(occurrence).toMatch(/^clauses? sociales?$/i);
  const bar = page.getByRole('region', { name: 'Occurrences de la recherche' });
  await expect(bar.locator('.hit-summary')).toHaveText(`${inText} occurrences de l’expression « clauses sociales »`);
  await bar.getByRole('button', { name: 'Occurrence suivante' }).click();
  await expect(bar.locator('.hit-summary')).toHaveText(`1 / ${inText} occurrences de l’expression « clauses sociales »`);
  await expect(page.locator('.fiche-body mark.hit.current').first()).toBeInViewport();
  await page.screenshot({ path: screenshotPath('fiche-phrase-hits') });

  // A phrase running into a glossary term is one occurrence, marked in two pieces that go together.
  await page.evaluate(() => (window.location.hash = `#/fiche/municipaless/9?q=${encodeURIComponent('"intérêt collectif (SCIC)"')}`));
  await expect(bar.locator('.hit-summary')).toHaveText('1 occurrence de l’expression « intérêt collectif (SCIC) »');
  const pieces = page.locator('.fiche-body mark.hit[data-hit="0"]');
  await expect(pieces).toHaveText(['intérêt collectif (', 'SCIC']);
  await bar.getByRole('button', { name: 'Occurrence suivante' }).click();
  await expect(page.locator('.fiche-body mark.hit.current')).toHaveCount(2);
});

test('notes and project descriptions show in the results as plain text, without Markdown signs', async ({ page, openApp, app }) => {
  // A word of its own, so that only this test's note and project answer it.
  const marker = `potager${Date.now().toString(36)}`;
  await callApi(app, 'createAnnotation', {
    kit: 'municipaless',
    number: 8,
    selector: null,
    note: `Visiter la **légumerie ${marker}** du _Champsaur_ :\n\n- [son site](https://rtes.fr)`,
    tags: [],
  });
  await callApi(app, 'createProject', { title: `Cantine bio ${marker}`, description: `Une **légumerie** en chantier d’insertion, ${marker} compris.` });
  await openApp();
  const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
  await box.fill(`${marker} `);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('2 résultats');
  const note = page.locator('#search-results li', { hasText: 'Mon annotation' }).locator('.result-snippet');
  await expect(note).toHaveText(`Visiter la légumerie ${marker} du Champsaur : son site`);
  await expect(note.locator('mark')).toHaveText(marker);
  const project = page.locator('#search-results li', { hasText: 'Projet du territoire' }).locator('.result-snippet');
  await expect(project).toHaveText(`Une légumerie en chantier d’insertion, ${marker} compris.`);
  await page.screenshot({ path: screenshotPath('search-plain-snippets') });
});

test('with a commune chosen, its fiches come first, and « Tous les échelons » ranks every scale alike', async ({ page, openApp, app }) => {
  // The secretary of Ancelle, a commune of the Hautes-Alpes.
  await callApi(app, 'setTerritory', { territory: { scale: 'commune', code: '05004' } });
  try {
    await openApp('#/recherche?q=cantine');
    // The first fiche (notes and projects of other tests may come before it).
    const firstMeta = page.locator('#search-results .result-meta').filter({ hasText: /^\S+ · fiche \d+$/ }).first();
    await expect(firstMeta).toContainText('MunicipalESS');
    const order = page.getByRole('group', { name: 'Échelon' });
    await expect(order.getByRole('radio', { name: 'Mon échelon d’abord' })).toBeChecked();
    await expect(order).toContainText('Ancelle : les fiches pour les communes passent en premier, à pertinence comparable.');
    // One way to narrow by scale is left: the kit.
    await expect(page.getByRole('group', { name: 'Kit' })).toBeVisible();

    const box = page.getByRole('combobox', { name: 'Rechercher dans les fiches' });
    await box.fill('fonds europeens ');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('« fonds europeens »');
    await expect(firstMeta).toHaveText('MunicipalESS · fiche 24');
    await page.screenshot({ path: screenshotPath('search-scale-first') });

    await order.getByRole('radio', { name: 'Tous les échelons' }).check();
    await expect(firstMeta).toHaveText('RégionalESS · fiche 12');
    // The choice holds for the next searches.
    await box.fill('cooperative ');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('« cooperative »');
    await expect(order.getByRole('radio', { name: 'Tous les échelons' })).toBeChecked();
    await expect(firstMeta).toHaveText('DépartementalESS · fiche 6');
    await page.screenshot({ path: screenshotPath('search-all-scales') });
  } finally {
    await callApi(app, 'setTerritory', { territory: null });
  }
});
