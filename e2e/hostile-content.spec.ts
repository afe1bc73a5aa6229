import { expect, screenshotPath, test } from './app-fixture';

test('a fiche full of hostile HTML shows its text and runs nothing', async ({ page, openApp }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openApp('#/fiche/hostile/1');
  const body = page.locator('.fiche-body');
  await expect(body).toContainText('Ce paragraphe doit rester lisible');
  await expect(body).toContainText('Le texte continue après les pièges');
  // Raw HTML is displayed as text, so a reader sees what the file contains.
  await expect(body).toContainText("<script>window.__pwned = 'script'</script>");
  await expect(page.getByRole('heading', { level: 1 })).toContainText('<img src=x onerror=');

  await body.getByText('Zone survolée').hover().catch(() => undefined);
  for (const name of ['Lien Markdown piégé', 'Lien data']) {
    await body.getByText(name).click();
  }

  expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('main script, main iframe, main svg, main img, main style, main form').count()).toBe(0);
  const dangerous = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].flatMap((el) =>
      [...el.attributes]
        .filter((a) => a.name.startsWith('on') || /^\s*(javascript|data):/i.test(a.value))
        .map((a) => `${el.tagName}.${a.name}`),
    ),
  );
  expect(dangerous).toEqual([]);
  await page.screenshot({ path: screenshotPath('hostile-fiche') });
});
