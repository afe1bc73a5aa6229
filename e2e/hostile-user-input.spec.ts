import { callApi, expect, test } from './app-fixture';

const payloads = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '[lien](javascript:window.__pwned=\'lien\')',
  '<iframe src="javascript:window.top.__pwned=\'iframe\'"></iframe>',
  '<style>body { display: none }</style>',
];
const hostile = payloads.join(' ');

test('hostile text in a project, a note and a tag is shown as text and runs nothing', async ({ page, openApp, app }) => {
  const marker = `piège-${Date.now()}`;
  const project = await callApi<{ id: string }>(app, 'createProject', { title: `${marker} <img src=x onerror="window.__pwned='titre'">`, description: hostile, partners: [hostile.slice(0, 150)] });
  const note = await callApi<{ id: string }>(app, 'createAnnotation', { kit: 'municipaless', number: 12, selector: null, note: hostile, tags: [`${marker}<svg onload=alert(1)>`.slice(0, 60)] });
  await callApi<{ id: string }>(app, 'linkToProject', { projectId: project.id, kit: 'municipaless', number: 12, annotationId: note.id, reason: '<b onmouseover="window.__pwned=1">levier</b>' });

  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const pages = ['#/projets', `#/projets/${project.id}`, '#/fiche/municipaless/12', '#/annotations', '#/tableau-de-bord', `#/recherche?q=${encodeURIComponent(marker)}`];
  for (const hash of pages) {
    await openApp(hash);
    if (hash !== '#/tableau-de-bord') await expect(page.locator('main')).toContainText(marker);
    else await expect(page.locator('main')).toContainText('Annotations récentes');
    await page.mouse.move(400, 400);
    for (const link of await page.locator('main a').filter({ hasText: 'lien' }).all()) await link.click({ trial: false }).catch(() => undefined);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), hash).toBeUndefined();
    const live = await page.locator('main script, main iframe, main svg, main img, main style').count();
    expect(live, hash).toBe(0);
  }
  await openApp(`#/projets/${project.id}`);
  await expect(page.locator('main')).toContainText('<script>window.__pwned = "script"</script>');
  await expect(page.locator('main')).toContainText('<b onmouseover=');
  expect(dialogs).toEqual([]);
});
