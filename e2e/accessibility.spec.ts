import type { Page } from '@playwright/test';
import { markdownToPlainText } from '../src/shared/markdown/plain-text';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';
import { auditRoute, expectFocusIndicator, expectNoSeriousViolations } from './axe';
import { selectWithMouse } from './select-text';

// RGAA 4.1 (WCAG 2.1 AA) on every page and state of the app, with axe-core; see e2e/axe.ts.

/** A fiche with glossary terms, where the tests annotate a passage and search. */
const kit = 'municipaless';
const number = 9;

/** An anchored annotation made through the API, on `passage` of the fiche (found in its plain text). */
async function annotatePassage(app: RunningApp, passage: string, note: string): Promise<{ id: string }> {
  const fiche = await callApi<{ bodyMd: string }>(app, 'getFiche', { kit, number });
  const text = markdownToPlainText(fiche.bodyMd);
  const start = text.indexOf(passage);
  if (start < 0) throw new Error(`passage not in the fiche: ${passage}`);
  const selector = { exact: passage, prefix: '', suffix: '', start, end: start + passage.length };
  return callApi(app, 'createAnnotation', { kit, number, selector, color: 'vert', note, tags: ['accessibilité'] });
}

async function createProject(app: RunningApp, title: string): Promise<{ id: string }> {
  return callApi(app, 'createProject', {
    title,
    description: 'Une **légumerie** coopérative pour les cantines.',
    status: 'etude',
    partners: ['Régie de quartier'],
    lead: 'Commune',
  });
}

/** The first 300 characters of a paragraph long enough to wrap over more than three lines in the note editor. */
async function longPassage(page: Page): Promise<string> {
  return page.locator('.fiche-body p').evaluateAll((paragraphs) => {
    const texts = paragraphs.map((p) => {
      // The glossary hints inside a paragraph are not fiche text.
      const copy = p.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-kb-ui]').forEach((hint) => hint.remove());
      return copy.textContent ?? '';
    });
    return texts.find((text) => text.length > 320)?.slice(0, 300) ?? '';
  });
}

test('every page passes axe: home, kit, search, annotations, projects, project form and dossier, dashboard, backups, this statement', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  const project = await createProject(app, `Légumerie coopérative ${Date.now()}`);
  const note = await annotatePassage(app, 'Comme toute coopérative', 'À présenter en **commission** : une coopérative d’habitants.');
  await callApi(app, 'linkToProject', { projectId: project.id, kit, number, annotationId: note.id, reason: 'Levier' });
  await callApi(app, 'linkToProject', { projectId: project.id, kit, number, annotationId: null, reason: 'Exemple' });
  // The dashboard shows most with a territory; this computer's territory is put back afterwards.
  const previous = await callApi<{ scale: string; code: string } | null>(app, 'getTerritory', {});
  await callApi(app, 'setTerritory', { territory: { scale: 'departement', code: '05' } });
  try {
    await openApp();
    await expectNoSeriousViolations(page, 'accueil');
    const pages: [hash: string, state: string][] = [
      [`#/kit/${kit}`, 'page d’un kit'],
      // Fiches, a note and a project answer « coopérative ».
      ['#/recherche?q=cooperative', 'résultats de recherche'],
      ['#/annotations', 'Mes annotations'],
      ['#/projets', 'liste des projets'],
      ['#/projets/nouveau', 'formulaire de projet'],
      [`#/projets/${project.id}/modifier`, 'modification d’un projet'],
      [`#/projets/${project.id}`, 'dossier d’un projet'],
      ['#/tableau-de-bord', 'tableau de bord'],
      ['#/territoire', 'territoire'],
      ['#/donnees', 'sauvegardes et échanges'],
      ['#/page-inconnue', 'page introuvable'],
      // Connected, with conflicts, in e2e/team.spec.ts.
      ['#/equipe', 'espace d’équipe (non connecté)'],
      ['#/accessibilite', 'déclaration d’accessibilité'],
    ];
    for (const [hash, state] of pages) await auditRoute(page, hash, state);
    // The statement is linked from every page, at the foot of the list of fiches.
    await expect(page.getByRole('link', { name: 'Accessibilité : partiellement conforme' })).toHaveAttribute('aria-current', 'page');
    await page.screenshot({ path: screenshotPath('a11y-statement') });
  } finally {
    await callApi(app, 'setTerritory', { territory: previous ? { scale: previous.scale, code: previous.code } : null });
  }
});

test('a fiche with search hits and annotations, its toolbar, note editor, link dialog and undo toast pass axe', async ({ page, openApp, app }) => {
  test.setTimeout(180_000);
  await createProject(app, `Cantine ${Date.now()}`);
  await annotatePassage(app, 'Comme toute coopérative', 'Note sur un passage.');
  await callApi(app, 'createAnnotation', { kit, number, selector: null, note: 'Note sur **toute** la fiche.', tags: ['élus'] });
  await openApp(`#/fiche/${kit}/${number}?q=cooperative`);
  await expect(page.locator('.fiche-body mark.annotation').first()).toBeVisible();
  await expect(page.locator('.fiche-body mark.hit').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'fiche avec occurrences et annotations');

  const term = page.locator('.fiche-body .gloss-term').first();
  await term.hover();
  await expect(page.locator(`#${await term.getAttribute('aria-describedby')}`)).toBeVisible();
  await expectNoSeriousViolations(page, 'fiche, explication d’un sigle ouverte');
  await page.mouse.move(0, 0);

  await selectWithMouse(page, await longPassage(page));
  const toolbar = page.getByRole('toolbar', { name: /Annoter le passage sélectionné/ });
  await expect(toolbar).toBeVisible();
  await expectNoSeriousViolations(page, 'barre d’annotation');

  await toolbar.getByRole('button', { name: 'Ajouter une note' }).click();
  const editor = page.getByRole('dialog', { name: 'Annoter le passage' });
  await expect(editor.locator('blockquote')).toBeVisible();
  // More than three lines of quote: the case where it used to become a scrolling region.
  const quoteLines = await editor.locator('blockquote').evaluate((quote) => quote.scrollHeight / parseFloat(getComputedStyle(quote).lineHeight));
  expect(quoteLines).toBeGreaterThan(3);
  await page.screenshot({ path: screenshotPath('a11y-note-editor-long-quote') });
  await expectNoSeriousViolations(page, 'éditeur de note, citation longue');
  await editor.getByRole('button', { name: 'Annuler' }).click();

  const panel = page.getByRole('region', { name: /Annotations/ });
  await panel.getByRole('button', { name: 'Lier à un projet' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'fenêtre « Lier à un projet »');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();

  await panel.getByRole('button', { name: 'Supprimer' }).first().click();
  await expect(page.getByRole('status').getByRole('button', { name: 'Annuler' })).toBeVisible();
  await expectNoSeriousViolations(page, 'message « Annotation supprimée » avec « Annuler »');
});

test('a search result holds no link inside its option, and still opens with a click', async ({ page, openApp }) => {
  await openApp('#/recherche?q=cooperative');
  const first = page.locator('#search-results [role="option"]').first();
  await expect(first).toBeVisible();
  await expect(page.locator('#search-results [role="option"] a, #search-results [role="option"] button')).toHaveCount(0);
  await first.locator('.result-title').click();
  await expect(page).toHaveURL(/#\/fiche\/[\w-]+\/\d+\?q=cooperative/);
});

test('territory suggestions and the confirmation dialogs pass axe', async ({ page, openApp, app }) => {
  test.setTimeout(120_000);
  const project = await createProject(app, `Recyclerie ${Date.now()}`);
  await callApi(app, 'backupNow', {});
  await openApp('#/territoire');
  await page.getByRole('combobox', { name: /territoire/ }).fill('Ancel');
  // The first look-up loads the INSEE data, which may take a while on a busy machine.
  await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousViolations(page, 'territoire, suggestions ouvertes');

  await auditRoute(page, `#/projets/${project.id}`, 'dossier d’un projet');
  await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'confirmation de suppression d’un projet');
  await page.keyboard.press('Escape');

  await auditRoute(page, '#/donnees', 'sauvegardes');
  await page.getByRole('button', { name: 'Restaurer' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'confirmation de restauration');
  await page.keyboard.press('Escape');
});

test('glossary terms are not tab stops: the keyboard reads them in the fiche’s glossary and under the caret', async ({ page, openApp }) => {
  test.setTimeout(120_000);
  await openApp(`#/fiche/${kit}/${number}`);
  const terms = page.locator('.fiche-body .gloss-term');
  await expect(terms.first()).toBeVisible();
  const termCount = await terms.count();
  expect(termCount).toBeGreaterThan(2);

  // Tab from the start of the fiche to its glossary: no stop on a term on the way.
  const start = page.getByRole('button', { name: 'Sélectionner du texte au clavier' });
  await start.focus();
  const summary = page.getByRole('region', { name: 'Glossaire' }).locator('summary');
  const stops: string[] = [];
  for (let step = 0; step < 100 && !(await summary.evaluate((el) => el === document.activeElement)); step += 1) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => (document.activeElement?.closest('.gloss') ? 'terme' : (document.activeElement?.tagName ?? ''))));
  }
  await expect(summary).toBeFocused();
  expect(stops).not.toContain('terme');

  // Enter opens the list: every term of the text is there with its definition.
  await page.keyboard.press('Enter');
  const glossary = page.getByRole('region', { name: 'Glossaire' });
  await expect(glossary.getByRole('definition')).toHaveCount(termCount);
  const firstTerm = (await terms.first().textContent()) ?? '';
  await expect(glossary.getByRole('term').first()).toContainText(firstTerm);
  await page.screenshot({ path: screenshotPath('a11y-fiche-glossary') });
  await expectNoSeriousViolations(page, 'fiche, glossaire ouvert');

  // In keyboard selection, moving the caret word by word onto a term shows its hint; Escape closes it, then ends the mode.
  await start.focus();
  await page.keyboard.press('Enter');
  const textArea = page.locator('[contenteditable="true"]');
  await expect(textArea).toBeFocused();
  const shown = page.locator('.fiche-body .gloss.at-caret .gloss-tip');
  for (let step = 0; step < 80 && (await shown.count()) === 0; step += 1) await page.keyboard.press('Control+ArrowRight');
  await expect(shown).toBeVisible();
  await expect(shown).not.toBeEmpty();
  await page.screenshot({ path: screenshotPath('a11y-gloss-at-caret') });
  await expectNoSeriousViolations(page, 'sélection au clavier, explication d’un sigle sous le curseur');
  await page.keyboard.press('Escape');
  await expect(shown).toBeHidden();
  await expect(textArea).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(start).toBeFocused();
});

test('focus is visible, with enough contrast, on what the keyboard reaches', async ({ page, openApp, app }) => {
  test.setTimeout(120_000);
  await annotatePassage(app, 'Comme toute coopérative', 'Une note à supprimer.');
  await openApp(`#/fiche/${kit}/${number}`);
  await expect(page.locator('.fiche-body mark.annotation').first()).toBeVisible();
  // From the top of the window: skip link, brand, search box, top links, then the list of fiches.
  for (let step = 0; step < 12; step += 1) {
    await page.keyboard.press('Tab');
    await expectFocusIndicator(page);
  }
  // In the fiche: its own controls and the annotation panel.
  await page.getByRole('button', { name: 'Sélectionner du texte au clavier' }).focus();
  for (let step = 0; step < 6; step += 1) {
    await expectFocusIndicator(page);
    await page.keyboard.press('Tab');
  }
  const panel = page.getByRole('region', { name: /Annotations/ });
  await panel.getByRole('button', { name: 'Supprimer' }).first().focus();
  await expectFocusIndicator(page);
  await page.keyboard.press('Enter');
  // The undo button sits on the dark toast: its ring must stand out there too.
  const undo = page.getByRole('status').getByRole('button', { name: 'Annuler' });
  await undo.focus();
  await expectFocusIndicator(page);
  await page.screenshot({ path: screenshotPath('a11y-focus-toast') });

  await page.evaluate(() => (window.location.hash = '#/projets/nouveau'));
  await page.locator('#project-title').focus();
  for (let step = 0; step < 6; step += 1) {
    await expectFocusIndicator(page);
    await page.keyboard.press('Tab');
  }
});

test('the dark theme passes axe too (contrast of text, highlights and focus rings)', async ({ page, openApp, app }) => {
  test.setTimeout(120_000);
  await annotatePassage(app, 'Comme toute coopérative', 'Note en thème sombre.');
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp();
  await expectNoSeriousViolations(page, 'accueil, thème sombre');
  await auditRoute(page, `#/fiche/${kit}/${number}?q=cooperative`, 'fiche annotée, thème sombre');
  await auditRoute(page, '#/annotations', 'Mes annotations, thème sombre');
  await auditRoute(page, '#/projets', 'projets, thème sombre');
  await auditRoute(page, '#/equipe', 'espace d’équipe, thème sombre');
  await page.getByRole('link', { name: 'Accessibilité : partiellement conforme' }).focus();
  await expectFocusIndicator(page);
});
