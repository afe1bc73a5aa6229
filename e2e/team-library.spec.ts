import { textPdf } from '../src/core/documents/test-documents/generate';
import type { KnowledgeBase } from '../src/core/knowledge-base';
import type { ImportJob } from '../src/shared/document-schemas';
import { callApi, expect, screenshotPath, test, type RunningApp } from './app-fixture';
import { auditRoute, expectNoSeriousViolations } from './axe';
import { passwords, startTeamWithBob, type TeamWithBob } from './team-support';

/**
 * Library documents shared with the team, as a person uses them: Alice works in the browser
 * (the web host), Bob is a second computer driven from the test, both with the test server on
 * 127.0.0.1.
 */
test.describe.configure({ mode: 'serial' });

const team = 'equipe-doc';
let teamWithBob: TeamWithBob;
let bob: KnowledgeBase;
const bobSyncs = () => teamWithBob.bobSyncs();

async function importIntoAlice(app: RunningApp, fileName: string, bytes: Uint8Array): Promise<string> {
  let job = await callApi<ImportJob>(app, 'importDocument', { fileName, base64: Buffer.from(bytes).toString('base64') });
  await expect.poll(async () => (job = await callApi<ImportJob>(app, 'getImportJob', { jobId: job.jobId })).state, { timeout: 30_000 }).toBe('done');
  return job.result!.document.id;
}

test.beforeAll(async ({ app }) => {
  test.setTimeout(120_000);
  teamWithBob = await startTeamWithBob(team);
  bob = teamWithBob.bob;
  await callApi(app, 'connectTeam', { server: teamWithBob.server.url, database: team, login: 'alice', password: passwords.alice, displayName: 'Alice Martin' });
});

test.afterAll(async ({ app }) => {
  // The worker's web host serves other spec files next: it leaves the team and its library empty.
  await callApi(app, 'disconnectTeam', {});
  for (const document of await callApi<{ id: string }[]>(app, 'listDocuments', {})) await callApi(app, 'removeDocument', { id: document.id });
  await teamWithBob?.stop();
});

test('a document shared from the library reaches a teammate’s computer, text and all', async ({ page, app, openApp }) => {
  test.setTimeout(120_000);
  const id = await importIntoAlice(app, 'spaser.pdf', await textPdf([['Schéma de promotion des achats responsables.'], ['La clause de réservation profite aux entreprises adaptées.']], 'SPASER 2026'));
  await openApp('#/bibliotheque');
  const card = page.locator('.document-card').filter({ hasText: 'SPASER 2026' });
  await callApi(app, 'createAnnotation', { document: { id, page: 1 }, selector: null, note: 'À présenter au comité' });
  await card.getByRole('button', { name: 'Partager avec l’équipe « SPASER 2026 »' }).click();
  // Asked first, saying which notes go with it.
  const confirmShare = page.getByRole('dialog', { name: 'Partager « SPASER 2026 » avec l’équipe ?' });
  await expect(confirmShare).toContainText('Votre annotation publique sur ce document partira avec lui');
  await page.screenshot({ path: screenshotPath('team-library-share-dialog') });
  await confirmShare.getByRole('button', { name: 'Partager', exact: true }).click();
  await expect(card.getByRole('status')).toContainText('Partagé : il part vers l’équipe');
  await expect(card.locator('.badge.shared')).toHaveText('Partagé avec l’équipe');
  await page.screenshot({ path: screenshotPath('team-library-shared'), fullPage: true });
  await auditRoute(page, '#/bibliotheque', 'bibliothèque, document partagé');

  await expect.poll(async () => (await callApi<{ pending: number }>(app, 'syncTeamNow', {})).pending).toBe(0);
  await expect
    .poll(async () => {
      await bobSyncs();
      return bob.teamLibrary.list().map((d) => d.title);
    })
    .toContain('SPASER 2026');
  await bob.teamLibrary.fetch(id);
  expect(bob.search.search({ query: 'entreprises adaptées' }).hits).toContainEqual(expect.objectContaining({ type: 'document', page: 2 }));

  // From the reader, Alice stops sharing it: Bob keeps his copy, nobody can fetch it any more.
  await auditRoute(page, `#/document/${id}`, 'lecteur, document partagé');
  await page.getByRole('button', { name: 'Ne plus partager « SPASER 2026 »' }).click();
  const confirmUnshare = page.getByRole('dialog', { name: 'Ne plus partager « SPASER 2026 » ?' });
  await expect(confirmUnshare).toContainText('Son original est retiré du serveur de l’équipe');
  await expect(confirmUnshare).not.toContainText('pas par vous');
  await confirmUnshare.getByRole('button', { name: 'Ne plus partager', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'n’est plus partagé' })).toContainText('les copies déjà récupérées restent chez vos collègues');
  await expect(page.getByRole('button', { name: 'Partager avec l’équipe « SPASER 2026 »' })).toBeVisible();
  await expect.poll(async () => (await callApi<{ pending: number }>(app, 'syncTeamNow', {})).pending).toBe(0);
  await bobSyncs();
  expect(bob.teamLibrary.list()).toEqual([]);
  expect(bob.documents.has(id)).toBe(true);
});

test('a teammate’s annotation on a document absent here offers to fetch it', async ({ page, app, openApp }) => {
  test.setTimeout(120_000);
  const pdf = await textPdf([['Étude de la CRESS sur les tiers-lieux.', 'Les tiers-lieux accueillent des activités de réemploi.']], 'Étude CRESS tiers-lieux');
  const job = await bob.imports.wait(bob.imports.start({ fileName: 'etude-cress.pdf', base64: Buffer.from(pdf).toString('base64') }).jobId);
  const id = job.result!.document.id;
  const text = bob.documents.page(id, 1).text;
  const exact = 'activités de réemploi';
  const start = text.indexOf(exact);
  bob.annotations.create({
    document: { id, page: 1 },
    selector: { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + exact.length, start + exact.length + 32), start, end: start + exact.length },
    note: 'À rapprocher de la ressourcerie',
  });
  bob.teamLibrary.share(id);
  await bobSyncs();

  await openApp('#/equipe');
  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  const card = page.locator('.card').filter({ hasText: 'À rapprocher de la ressourcerie' });
  await expect(card).toContainText('Document absent de cet ordinateur', { timeout: 20_000 });
  await expect(card).toContainText('par Bob Durand');
  await expect(page.getByRole('heading', { name: 'Document absent de cet ordinateur, page 1' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('team-library-absent'), fullPage: true });
  await auditRoute(page, '#/annotations', 'annotation sur un document absent');
  await auditRoute(page, '#/bibliotheque', 'bibliothèque, document de l’équipe absent');
  await expect(page.locator('.team-documents')).toContainText('partagé par Bob Durand');
  await page.evaluate(() => (window.location.hash = '#/annotations'));

  // Each card's button names the document and the page: several may offer it in « Mes annotations ».
  const fetchButton = card.getByRole('button', { name: 'Récupérer le document « Étude CRESS tiers-lieux », page 1', exact: true });
  await fetchButton.focus();
  await page.keyboard.press('Enter');
  await expect(card.getByRole('status')).toContainText('Document récupéré', { timeout: 30_000 });
  await card.getByRole('link', { name: 'Ouvrir « Étude CRESS tiers-lieux », page 1', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Étude CRESS tiers-lieux' })).toBeVisible();

  // The library lists it with its share; nothing is left to fetch.
  await auditRoute(page, '#/bibliotheque', 'bibliothèque après récupération');
  await expect(page.locator('.document-card').filter({ hasText: 'Étude CRESS tiers-lieux' }).locator('.badge.shared')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Partagés par l’équipe, absents de cet ordinateur' })).toHaveCount(0);

  // Shared by Bob: stopping it is asked first, with a warning; Échap leaves it shared.
  const shared = page.locator('.document-card').filter({ hasText: 'Étude CRESS tiers-lieux' });
  await shared.getByRole('button', { name: 'Ne plus partager « Étude CRESS tiers-lieux »' }).click();
  const confirmUnshare = page.getByRole('dialog', { name: 'Ne plus partager « Étude CRESS tiers-lieux » ?' });
  await expect(confirmUnshare).toContainText('Ce document a été partagé par Bob Durand, pas par vous');
  await expect(confirmUnshare.getByRole('button', { name: 'Annuler' })).toBeFocused();
  await page.screenshot({ path: screenshotPath('team-library-unshare-other') });
  await expectNoSeriousViolations(page, 'confirmation avant de ne plus partager');
  await page.keyboard.press('Escape');
  await expect(confirmUnshare).toHaveCount(0);
  await expect(shared.locator('.badge.shared')).toBeVisible();
  expect(await callApi<unknown[]>(app, 'listTeamDocuments', {})).toHaveLength(1);
});

test('removing a shared document says it stays on the team server, and can stop sharing it', async ({ page, app, openApp }) => {
  test.setTimeout(120_000);
  const id = await importIntoAlice(app, 'charte.pdf', await textPdf([['Charte des achats responsables.']], 'Charte achats responsables'));
  await callApi(app, 'shareDocument', { id });
  await openApp('#/bibliotheque');
  await page.getByRole('button', { name: 'Retirer « Charte achats responsables »' }).click();
  const removal = page.getByRole('dialog', { name: 'Retirer « Charte achats responsables » de la bibliothèque ?' });
  await expect(removal).toContainText('Il est partagé avec l’équipe : le retirer d’ici ne le retire pas du serveur de l’équipe');
  await removal.getByRole('checkbox', { name: 'Ne plus le partager avec l’équipe' }).check();
  await page.screenshot({ path: screenshotPath('team-library-remove-shared') });
  await expectNoSeriousViolations(page, 'retirer un document partagé');
  await removal.getByRole('button', { name: 'Retirer le document' }).click();
  await expect(removal).toHaveCount(0);
  expect(await callApi<{ id: string }[]>(app, 'listTeamDocuments', {})).not.toContainEqual(expect.objectContaining({ id }));
  expect(await callApi<{ id: string }[]>(app, 'listDocuments', {})).not.toContainEqual(expect.objectContaining({ id }));
});
