import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');

export interface RunningApp {
  /** Address printed by the web host, with its launch token. */
  url: string;
  dataDir: string;
}

/** Starts the real web host on a fresh data folder holding the bundled kits and the hostile fixture. */
async function startApp(): Promise<{ app: RunningApp; child: ChildProcess }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-e2e-'));
  execFileSync(process.execPath, [path.join(root, 'src/cli/kits-ess.mjs'), 'import', path.join(root, 'e2e/fixtures/hostile-pack'), '--data-dir', dataDir]);
  return startWebHost(dataDir);
}

/** Starts the real web host on `dataDir` as `npm run serve` does (a missing database is created, as at a first launch). */
export async function startWebHost(dataDir: string): Promise<{ app: RunningApp; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts'), '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited (${code}):\n${output}`)));
  });
  return { app: { url, dataDir }, child };
}

export const test = base.extend<{ openApp: (hash?: string) => Promise<void> }, { app: RunningApp }>({
  app: [
    async ({}, use) => {
      const { app, child } = await startApp();
      await use(app);
      child.kill('SIGTERM');
      fs.rmSync(app.dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  openApp: async ({ page, app }, use) => {
    await use(async (hash = '#/') => {
      await page.goto(app.url);
      await expect(page.locator('.sidebar-kit').first()).toBeVisible();
      if (hash !== '#/') await page.evaluate((h) => (window.location.hash = h), hash);
    });
  },
});

export { expect };

/** Calls the web host's API as the page does, with the launch token of the address (to set up a test). */
export async function callApi<T>(app: RunningApp, method: string, input: unknown): Promise<T> {
  const url = new URL(app.url);
  const token = /#token=([\w-]+)/.exec(url.hash)?.[1] ?? '';
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method} failed: ${body.error?.message ?? response.status}`);
  return body.value as T;
}

export function screenshotPath(name: string): string {
  return path.join(root, 'test-results', 'screens', `${name}.png`);
}

/** Every control of the top bar stands on one row: each one's middle lies within the first one's height. */
export async function expectTopBarOnOneRow(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.locator('.topbar > *, .topbar .top-links > *').evaluateAll((elements) => {
        const boxes = elements.filter((e) => e.checkVisibility() && getComputedStyle(e).position !== 'absolute').map((e) => e.getBoundingClientRect());
        const first = boxes[0];
        return first ? boxes.filter((box) => Math.abs(box.top + box.height / 2 - (first.top + first.height / 2)) > first.height / 2).length : -1;
      }),
    )
    .toBe(0);
}

/** Follows a link of the top bar, opening « Plus de liens » when it waits there (the bar keeps one row). */
export async function followTopLink(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Votre territoire et vos notes' });
  const link = nav.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'Plus de liens' }).click();
  await link.click();
}
