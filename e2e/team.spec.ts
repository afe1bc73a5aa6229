import type { Page } from '@playwright/test';
import type { KnowledgeBase } from '../src/core/knowledge-base';
import type { TeamServer } from '../src/team-server/team-server';
import type { Annotation } from '../src/shared/schemas';
import { callApi, expect, expectTopBarOnOneRow, followTopLink, screenshotPath, test } from './app-fixture';
import { auditRoute, expectNoSeriousViolations } from './axe';
import { admin, passwords, startTeamWithBob, type TeamWithBob } from './team-support';

/**
 * The team workspace as a person uses it: the test server runs in this process on 127.0.0.1,
 * Alice works in the browser (the web host), and Bob is a second computer (its own data folder,
 * knowledge base and sync) driven from the test.
 */
test.describe.configure({ mode: 'serial' });

const team = 'equipe-05';
let teamWithBob: TeamWithBob;
let server: TeamServer;
let bob: KnowledgeBase;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  teamWithBob = await startTeamWithBob(team);
  ({ server, bob } = teamWithBob);
});

test.afterAll(async () => {
  await teamWithBob?.stop();
});

/** Every document of the team database as the server holds it (read as its admin), as text. */
async function serverContent(): Promise<string> {
  const response = await fetch(`${server.url}/${team}/_all_docs?include_docs=true`, {
    headers: { authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` },
  });
  return response.text();
}

const bobSyncs = () => teamWithBob.bobSyncs();

async function fillConnectionForm(page: Page, password: string): Promise<void> {
  await page.getByLabel('Adresse du serveur d’équipe').fill(server.url);
  await page.getByLabel('Base de l’équipe').fill(team);
  await page.getByLabel('Identifiant').fill('alice');
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByLabel('Votre nom').fill('Alice Martin');
  await page.getByRole('button', { name: 'Rejoindre l’espace d’équipe' }).click();
}

const statusLink = (page: Page) => page.locator('.topbar a.team-status');

test('a wrong password is refused in French, then the right one brings the status to « à jour »', async ({ page, openApp }) => {
  test.setTimeout(90_000);
  await openApp('#/equipe');
  await expect(page.getByRole('heading', { level: 1, name: 'Espace d’équipe' })).toBeVisible();
  await expect(statusLink(page)).toHaveText('Équipe');

  await page.getByLabel('Adresse du serveur d’équipe').fill('http://equipe.example.fr');
  await expect(page.getByText('L’adresse doit commencer par https://')).toBeVisible();

  await fillConnectionForm(page, 'pas-le-bon-mot-de-passe');
  await expect(page.locator('.error-box[role=alert]')).toContainText('Le serveur a refusé l’identifiant « alice » ou son mot de passe');
  await page.screenshot({ path: screenshotPath('team-password-refused'), fullPage: true });
  await auditRoute(page, '#/equipe', 'espace d’équipe, mot de passe refusé');

  await page.getByLabel('Mot de passe').fill(passwords.alice);
  await page.getByRole('button', { name: 'Rejoindre l’espace d’équipe' }).click();
  await expect(statusLink(page)).toContainText(/à jour à \d\d:\d\d/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Synchroniser maintenant' })).toBeVisible();
  await expect(page.getByText('« equipe-05 » sur')).toBeVisible();
  await expect(page.getByText('toutes vos annotations et tous vos projets, y compris ceux de vos collègues, restent sur ce poste')).toBeVisible();
  await page.screenshot({ path: screenshotPath('team-connected') });
  // At 1280×800, with the team's status, the top bar stays one row: the links that do not fit wait under « Plus ».
  await expectTopBarOnOneRow(page);
  await followTopLink(page, 'Sauvegardes');
  await expect(page.getByRole('heading', { level: 1, name: /Sauvegardes/ })).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 700 });
  await expectTopBarOnOneRow(page);
  await page.screenshot({ path: screenshotPath('team-topbar-1024') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await auditRoute(page, '#/equipe', 'espace d’équipe, connecté');
});

test('a private note never leaves this computer; a teammate’s note says who wrote it', async ({ page, app, openApp }) => {
  test.setTimeout(90_000);
  await openApp('#/fiche/municipaless/9');
  await page.getByRole('button', { name: '+ Note sur la fiche' }).click();
  await page.locator('#note-text').fill('Piste confidentielle : ne pas diffuser');
  await page.getByLabel('Privée').check();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const privateCard = page.locator('.annotation-card').filter({ hasText: 'Piste confidentielle' });
  await expect(privateCard.locator('.private-badge')).toHaveText('Privée');
  await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 9, selector: null, note: 'Note partagée avec l’équipe' });

  await page.evaluate(() => (window.location.hash = '#/equipe'));
  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  await expect(statusLink(page)).toContainText('à jour');
  // « à jour » may still show the previous round: Bob syncs until the shared note has reached him.
  const notesAtBob = () => bob.annotations.list({ kit: 'municipaless', number: 9 }).map((a) => a.note);
  await expect
    .poll(async () => {
      await bobSyncs();
      return notesAtBob();
    })
    .toContain('Note partagée avec l’équipe');
  expect(notesAtBob().join()).not.toContain('confidentielle');
  const onServer = await serverContent();
  expect(onServer).toContain('Note partagée avec l’équipe');
  expect(onServer).not.toContain('confidentielle');

  // Bob's note reaches Alice with his name; « Les miennes » leaves it out.
  bob.annotations.create({ kit: 'municipaless', number: 9, selector: null, note: 'Note de Bob sur la fiche' });
  await bobSyncs();
  await page.evaluate(() => (window.location.hash = '#/annotations'));
  const bobsCard = page.locator('.card').filter({ hasText: 'Note de Bob sur la fiche' });
  await expect(bobsCard).toContainText('par Bob Durand', { timeout: 20_000 });
  await expect(page.locator('.card').filter({ hasText: 'Note partagée avec l’équipe' }).locator('.byline')).toHaveCount(0);
  await page.getByLabel('Auteur').selectOption({ label: 'Les miennes' });
  await expect(bobsCard).toHaveCount(0);
  await expect(page.locator('.card').filter({ hasText: 'Piste confidentielle' })).toHaveCount(1);
  await page.getByLabel('Auteur').selectOption({ label: 'Toute l’équipe' });
  await expect(bobsCard).toHaveCount(1);
});

test('a note edited on both computers shows both versions, and two clicks settle it for everyone', async ({ page, app, openApp }) => {
  test.setTimeout(120_000);
  const notes = await callApi<Annotation[]>(app, 'listAnnotations', { kit: 'municipaless', number: 9 });
  const shared = notes.find((a) => a.note === 'Note partagée avec l’équipe')!;
  const fromBob = notes.find((a) => a.note === 'Note de Bob sur la fiche')!;

  // Both edit the same notes from the same version: Bob keeps his edits on his computer while Alice's reach the server.
  bob.annotations.update({ id: shared.id, note: 'Version de Bob <img src=x onerror="window.__pwned=1">' });
  bob.annotations.update({ id: fromBob.id, note: 'Bob complète sa note', tags: ['foncier'] });
  await callApi(app, 'updateAnnotation', { id: shared.id, note: 'Version d’Alice' });
  await callApi(app, 'updateAnnotation', { id: fromBob.id, note: 'Alice précise la note de Bob', tags: ['emploi'] });
  await expect.poll(async () => (await callApi<{ pending: number }>(app, 'syncTeamNow', {})).pending).toBe(0);
  await bobSyncs();
  expect(await bob.team.conflicts()).toHaveLength(2);

  await openApp('#/');
  await expect(statusLink(page).locator('.badge')).toHaveText('2 conflits', { timeout: 30_000 });
  await statusLink(page).click();
  await expect(page).toHaveURL(/#\/equipe\/conflits$/);
  const sharedCard = page.locator('.conflict-card').filter({ hasText: 'Version d’Alice' });
  await expect(sharedCard.locator('.version')).toHaveCount(2);
  await expect(sharedCard.locator('.version').first()).toContainText('MunicipalESS, fiche 9 : Les Sociétés Coopératives d’Intérêt Collectif (SCIC)');
  await expect(sharedCard).toContainText('Version de Bob <img src=x onerror="window.__pwned=1">');
  await expect(sharedCard.locator('.version').filter({ hasText: 'Version de Bob' })).toContainText('créée par Alice Martin');
  await page.screenshot({ path: screenshotPath('team-conflicts'), fullPage: true });
  await auditRoute(page, '#/equipe/conflits', 'conflits de l’espace d’équipe');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousViolations(page, 'conflits de l’espace d’équipe, thème sombre');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // Keep Bob's version of the first note.
  await sharedCard.locator('.version').filter({ hasText: 'Version de Bob' }).getByRole('button', { name: 'Garder cette version' }).click();
  await expect(page.locator('.conflict-card')).toHaveCount(1);

  // Merge the other one: the editor holds both texts, the person rewrites and saves.
  await page.getByRole('button', { name: 'Fusionner…' }).click();
  const merge = page.getByRole('dialog', { name: 'Fusionner les versions' });
  await expect(merge.getByLabel('Note', { exact: true })).toHaveValue(/Alice précise la note de Bob[\s\S]*Bob complète sa note|Bob complète sa note[\s\S]*Alice précise la note de Bob/);
  await expect(merge.getByLabel('Étiquettes')).toHaveValue(/emploi/);
  await expect(merge.getByLabel('Étiquettes')).toHaveValue(/foncier/);
  await page.screenshot({ path: screenshotPath('team-merge') });
  await expectNoSeriousViolations(page, 'fusion de deux versions');
  await merge.getByLabel('Note', { exact: true }).fill('Note de Bob, précisée par Alice');
  await merge.getByRole('button', { name: 'Enregistrer la fusion' }).click();
  await expect(page.getByText('Aucun conflit : toutes les versions sont d’accord.')).toBeVisible();
  await expect(statusLink(page).locator('.badge')).toHaveCount(0);

  // Bob's computer gets both resolutions.
  await bobSyncs();
  expect(await bob.team.conflicts()).toEqual([]);
  expect(bob.annotations.get(shared.id).note).toBe('Version de Bob <img src=x onerror="window.__pwned=1">');
  const merged = bob.annotations.get(fromBob.id);
  expect(merged.note).toBe('Note de Bob, précisée par Alice');
  expect([...merged.tags].sort()).toEqual(['emploi', 'foncier']);
});

/** Opens the editor of the note `text` on fiche MunicipalESS 9 and ticks « Privée ». */
async function tickPrivateOn(page: Page, text: string): Promise<void> {
  await page.locator('.annotation-card').filter({ hasText: text }).getByRole('button', { name: 'Modifier' }).click();
  await page.getByRole('dialog', { name: 'Modifier l’annotation' }).getByLabel('Privée').check();
}

const leavesTeamWarning = 'Cette note sera retirée de l’espace d’équipe pour vos collègues';

test('making a shared note private says, before saving, that colleagues lose it', async ({ page, app, openApp }) => {
  await callApi(app, 'createAnnotation', { kit: 'municipaless', number: 9, selector: null, note: 'Note à rendre privée' });
  await openApp('#/fiche/municipaless/9');
  await tickPrivateOn(page, 'Note à rendre privée');
  const editor = page.getByRole('dialog', { name: 'Modifier l’annotation' });
  await expect(editor.getByText(leavesTeamWarning)).toBeVisible();
  await expect(editor.getByLabel('Privée')).toHaveAccessibleDescription(new RegExp(leavesTeamWarning));
  await page.screenshot({ path: screenshotPath('note-private-warning') });
  await expectNoSeriousViolations(page, 'note partagée rendue privée');
  await editor.getByLabel('Privée').uncheck();
  await expect(editor.getByText(leavesTeamWarning)).toBeHidden();
  await editor.getByRole('button', { name: 'Annuler' }).click();

  // A new note was never shared: ticking « Privée » needs no warning.
  await page.getByRole('button', { name: '+ Note sur la fiche' }).click();
  const newNote = page.getByRole('dialog', { name: 'Note sur la fiche' });
  await newNote.getByLabel('Privée').check();
  await expect(newNote.getByText('Une note privée reste sur ce poste')).toBeVisible();
  await expect(newNote.getByText(leavesTeamWarning)).toHaveCount(0);
});

test('leaving the workspace keeps every note on this computer', async ({ page, app, openApp }) => {
  await openApp('#/equipe');
  const before = (await callApi<Annotation[]>(app, 'listAnnotations', {})).length;
  await page.getByRole('button', { name: 'Quitter l’espace d’équipe' }).click();
  await expect(page.getByRole('button', { name: 'Rejoindre l’espace d’équipe' })).toBeVisible();
  await expect(statusLink(page)).toHaveText('Équipe');
  expect((await callApi<Annotation[]>(app, 'listAnnotations', {})).length).toBe(before);

  // Without a team, a note is on this computer only: « Privée » removes it from nobody.
  await page.evaluate(() => (window.location.hash = '#/fiche/municipaless/9'));
  await tickPrivateOn(page, 'Note à rendre privée');
  await expect(page.getByRole('dialog', { name: 'Modifier l’annotation' }).getByLabel('Privée')).toBeChecked();
  await expect(page.getByText(leavesTeamWarning)).toHaveCount(0);
});
