import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../app-paths';
import { originalPath } from '../documents/document-library';
import { textPdf } from '../documents/test-documents/generate';
import { databaseFileName } from '../paths';
import { killAtRandom } from '../test-support/kill-at-random';
import { dataDirWithKits, openKb, startTestTeam, syncUntilQuiet, team, type TestTeam } from '../test-support/team';

const fetcherScript = path.join(projectRoot, 'src/core/sync/test-fixtures/document-fetcher.ts');
const kills = 4;

let testTeam: TestTeam | null = null;
afterEach(async () => {
  await testTeam?.server.stop();
  testTeam = null;
});

/** Runs the fetcher, kills it with SIGKILL at a random moment after it starts fetching; says whether it had finished. */
async function fetchAndKill(dataDir: string, sha256: string): Promise<boolean> {
  const output = await killAtRandom(fetcherScript, [dataDir, testTeam!.server.url, team, 'bob', sha256], { KITS_ESS_PASSWORD: testTeam!.passwords.bob }, 'fetching\n', 3000);
  return output.includes('fetched\n');
}

/** The library as the killed process left it, read straight from its files. */
function libraryState(dataDir: string): { integrity: string; documents: { sha256: string; page_count: number; pages: number }[] } {
  const db = new Database(path.join(dataDir, databaseFileName), { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      documents: db
        .prepare('SELECT d.sha256, d.page_count, (SELECT count(*) FROM document_pages p WHERE p.document_seq = d.seq) AS pages FROM documents d')
        .all() as { sha256: string; page_count: number; pages: number }[],
    };
  } finally {
    db.close();
  }
}

describe('fetching a shared document killed at random moments', () => {
  it('leaves the whole document or none of it, and a later fetch completes', async () => {
    testTeam = await startTestTeam();
    const pages = Array.from({ length: 60 }, (_, i) => [`Page ${i + 1} du schéma de promotion des achats responsables.`, i === 41 ? 'Le mot ressourcerie est sur la page 42.' : '']);
    const pdf = await textPdf(pages, 'SPASER');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const alice = openKb(dataDirWithKits());
    try {
      await alice.team.connect({ server: testTeam.server.url, database: team, login: 'alice', password: testTeam.passwords.alice! }, { live: false });
      const job = await alice.imports.wait(alice.imports.start({ fileName: 'spaser.pdf', base64: Buffer.from(pdf).toString('base64') }).jobId);
      expect(job.state).toBe('done');
      alice.teamLibrary.share(sha256);
      await syncUntilQuiet(alice);
    } finally {
      await alice.shutdown();
    }

    for (let run = 0; run < kills; run += 1) {
      const bobDir = dataDirWithKits();
      const finished = await fetchAndKill(bobDir, sha256);
      const state = libraryState(bobDir);
      expect(state.integrity).toBe('ok');
      // All or nothing: a document row always has all its pages and its original.
      expect(state.documents.length).toBeLessThanOrEqual(1);
      if (finished) expect(state.documents).toHaveLength(1);
      for (const document of state.documents) {
        expect(document).toEqual({ sha256, page_count: 60, pages: 60 });
        expect(createHash('sha256').update(fs.readFileSync(originalPath(bobDir, sha256))).digest('hex')).toBe(sha256);
      }

      const bob = openKb(bobDir);
      try {
        await bob.team.connect({ server: testTeam.server.url, database: team, login: 'bob', password: testTeam.passwords.bob! }, { live: false });
        await bob.teamLibrary.fetch(sha256);
        expect(bob.search.search({ query: 'ressourcerie' }).hits).toContainEqual(expect.objectContaining({ type: 'document', page: 42 }));
        expect(bob.team.ignored()).toEqual([]);
      } finally {
        await bob.shutdown();
      }
    }
  }, 240_000);
});
