import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import mammoth from 'mammoth';
import { markdownToPlainText } from '../src/shared/markdown/plain-text';
import { frenchDate } from '../src/shared/french-dates';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';

/** A note on a passage of a fiche, made through the web host's API as the fiche reader would. */
async function notePassage(app: RunningApp, kit: string, number: number, exact: string, note: string, tags: string[]): Promise<{ id: string }> {
  const fiche = await callApi<{ bodyMd: string }>(app, 'getFiche', { kit, number });
  const start = markdownToPlainText(fiche.bodyMd).indexOf(exact);
  if (start < 0) throw new Error(`passage not found: ${exact}`);
  return callApi(app, 'createAnnotation', { kit, number, selector: { exact, prefix: '', suffix: '', start, end: start + exact.length }, note, tags, color: 'jaune' });
}

/** What this feature adds passes axe without serious or critical violations. */
async function expectAccessible(page: Page, selector: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

// Printing to PDF, axe and downloads take long on a busy machine: more time than the default 30 s.
test.describe.configure({ timeout: 90_000 });

function pdfText(file: string): string {
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The pages of a PDF as PNG images, to look at the print layout. */
function pdfPages(file: string, name: string): void {
  fs.mkdirSync(path.dirname(screenshotPath(name)), { recursive: true });
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', file, screenshotPath(name).replace(/\.png$/, '')]);
}

test('a fiche prints with its kit, title, official link, print date and, when asked, the notes, without search or navigation', async ({ page, openApp, app }, testInfo) => {
  const marker = `Note imprimée ${Date.now().toString(36)}`;
  await notePassage(app, 'municipaless', 7, 'clauses sociales', `${marker} : **à relire** avant la commission`, ['achats']);
  await openApp('#/fiche/municipaless/7?q=commande');
  await expect(page.getByRole('region', { name: 'Occurrences de la recherche' })).toBeVisible();
  await page.getByRole('region', { name: 'Annotations' }).getByRole('checkbox', { name: /Choisir la note « clauses sociales/ }).check();
  await page.screenshot({ path: screenshotPath('fiche-share-bar') });

  await page.getByRole('button', { name: 'Imprimer', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Imprimer la fiche' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(/Inclure mes notes/).check();
  await page.screenshot({ path: screenshotPath('print-dialog') });
  await expectAccessible(page, '.print-dialog');
  // The choice is kept at once, for Ctrl+P too. The dialog's own « Imprimer » opens the system
  // print dialog, which headless Chromium never closes: the page is printed with page.pdf() instead.
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(dialog).toBeHidden();

  // page.pdf() prints with the print stylesheet, as the browser's print dialog and Electron's printToPDF do.
  const file = testInfo.outputPath('fiche.pdf');
  await page.pdf({ path: file, format: 'A4', printBackground: true });
  pdfPages(file, 'print-fiche');
  const text = pdfText(file).replace(/[ \t]+/g, ' ');
  expect(text).toContain(`MunicipalESS (2020) · fiche n° 7 · imprimée le ${frenchDate(new Date().toISOString())}`);
  expect(text).toContain('Commande publique responsable');
  const { sourceUrl } = await callApi<{ sourceUrl: string }>(app, 'getFiche', { kit: 'municipaless', number: 7 });
  expect(text).toContain(`Fiche officielle : ${sourceUrl}`);
  expect(text).toContain('Mes notes sur cette fiche');
  expect(text).toContain('« clauses sociales »');
  expect(text).toContain(`${marker} : à relire avant la commission`);
  // No search box, hit bar, navigation or tools on paper.
  expect(text).not.toMatch(/occurrence/i);
  expect(text).not.toContain('Effacer le surlignage');
  expect(text).not.toMatch(/Rechercher/);
  expect(text).not.toContain('Tableau de bord');
  expect(text).not.toContain('Sommaire');
  expect(text).not.toContain('Fil d’Ariane');
  expect(text).not.toContain('Sélectionner du texte au clavier');
  expect(text).not.toContain('Annotations (');

  // Unticked, the notes stay off the paper (the choice is kept for Ctrl+P as well).
  await page.getByRole('button', { name: 'Imprimer', exact: true }).click();
  await dialog.getByLabel(/Inclure mes notes/).uncheck();
  await dialog.getByRole('button', { name: 'Fermer' }).click();
  const without = testInfo.outputPath('fiche-sans-notes.pdf');
  await page.pdf({ path: without, format: 'A4' });
  expect(pdfText(without)).not.toContain(marker);
});

test('« Votre nom » and two chosen notes go to a colleague as a Word document', async ({ page, openApp, app }) => {
  const tag = `envoi-${Date.now().toString(36)}`;
  await openApp('#/annotations');
  await page.getByLabel('Votre nom').fill('Jean-Pierre Lemoine');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '« Jean-Pierre Lemoine »' })).toBeVisible();

  await notePassage(app, 'municipaless', 7, 'clauses sociales', 'Reprendre dans le **schéma** des achats', [tag]);
  await notePassage(app, 'regionaless', 12, 'fonds européens', 'Voir avec le service Europe', [tag]);
  await callApi(app, 'createAnnotation', { kit: 'regionaless', number: 7, selector: null, note: 'Note non choisie', tags: [tag] });
  await page.reload();
  await page.getByLabel('Étiquette', { exact: true }).selectOption(tag);
  const cards = page.locator('.annotations-page li.card');
  await expect(cards).toHaveCount(3);

  const bar = page.getByRole('group', { name: 'Envoyer les notes choisies' });
  await expect(bar).toContainText('Cochez des notes pour les envoyer.');
  await expect(bar.getByRole('button', { name: 'Document Word (.docx)' })).toBeHidden();
  await cards.filter({ hasText: 'clauses sociales' }).getByRole('checkbox', { name: /Choisir/ }).check();
  await cards.filter({ hasText: 'fonds européens' }).getByRole('checkbox', { name: /Choisir/ }).check();
  await expect(bar).toContainText('2 notes choisies');
  await page.screenshot({ path: screenshotPath('share-bar') });
  await expectAccessible(page, '.share-bar');
  await expectAccessible(page, '.author-name');

  const downloading = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Document Word (.docx)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^notes-kits-ess-\d{4}-\d{2}-\d{2}\.docx$/);
  await expect(page.getByText(`Enregistré dans Téléchargements : ${download.suggestedFilename()}`)).toBeVisible();
  const { value: text } = await mammoth.extractRawText({ path: await download.path() });
  expect(text).toContain('« clauses sociales »');
  expect(text).toContain('« fonds européens »');
  expect(text).toContain('Reprendre dans le schéma des achats');
  expect(text).toContain('MunicipalESS, fiche 7 : Commande publique responsable');
  expect(text).toContain('par Jean-Pierre Lemoine');
  expect(text).not.toContain('Note non choisie');
});

test('« Copier » puts the chosen notes on the clipboard as formatted and plain text; a message too long for e-mail is copied instead', async ({ page, context, openApp, app }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const tag = `copie-${Date.now().toString(36)}`;
  await notePassage(app, 'municipaless', 7, 'clauses sociales', 'Voir le **guide** des achats <b>responsables</b>', [tag]);
  await callApi(app, 'createAnnotation', { kit: 'regionaless', number: 12, selector: null, note: `Très longue note. ${'Programme opérationnel régional, axe insertion. '.repeat(40)}`, tags: [tag] });
  await openApp('#/annotations');
  await page.getByLabel('Étiquette', { exact: true }).selectOption(tag);
  const cards = page.locator('.annotations-page li.card');
  await expect(cards).toHaveCount(2);
  const bar = page.getByRole('group', { name: 'Envoyer les notes choisies' });

  await cards.filter({ hasText: 'clauses sociales' }).getByRole('checkbox', { name: /Choisir/ }).check();
  await bar.getByRole('button', { name: 'Copier' }).click();
  await expect(page.getByText('Note copiée : collez-la dans un courriel ou un document.')).toBeVisible();
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    if (!item) return { text: '', html: '' };
    return { text: await (await item.getType('text/plain')).text(), html: await (await item.getType('text/html')).text() };
  });
  expect(copied.text).toContain('MunicipalESS, fiche 7 : Commande publique responsable\nFiche officielle : https://');
  expect(copied.text).toContain('« clauses sociales »\nVoir le guide des achats <b>responsables</b>');
  expect(copied.html).toContain('<blockquote>« clauses sociales »</blockquote>');
  // The note's own text is escaped: a tag typed in a note never becomes markup in the colleague's document.
  expect(copied.html).toContain('&lt;b&gt;responsables&lt;/b&gt;');

  await bar.getByRole('button', { name: 'Tout choisir' }).click();
  await expect(bar).toContainText('2 notes choisies');
  await bar.getByRole('button', { name: 'Envoyer par courriel' }).click();
  await expect(page.getByText(/Le message est trop long pour être ouvert dans votre logiciel de courriel : il a été copié/)).toBeVisible();
  const mailed = await page.evaluate(() => navigator.clipboard.readText());
  expect(mailed).toContain('Très longue note.');
  expect(mailed).toContain('« clauses sociales »');
});

test('a project dossier downloads as a Word document', async ({ page, openApp, app }) => {
  const title = `Recyclerie ${Date.now().toString(36)}`;
  const project = await callApi<{ id: string }>(app, 'createProject', { title, status: 'idee', lead: 'Service économie' });
  await callApi(app, 'linkToProject', { projectId: project.id, kit: 'municipaless', number: 7, reason: 'levier' });
  await openApp(`#/projets/${project.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Document Word (.docx)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^dossier-recyclerie-[a-z0-9-]+\.docx$/);
  await expect(page.getByText(`Enregistré dans Téléchargements : ${download.suggestedFilename()}`)).toBeVisible();
  const { value: text } = await mammoth.extractRawText({ path: await download.path() });
  expect(text).toContain(title);
  expect(text).toContain('Porteur : Service économie');
  expect(text).toContain('MunicipalESS, fiche 7 : Commande publique responsable');
  expect(text).toContain('Pourquoi : levier');
});
