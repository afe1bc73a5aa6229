/**
 * The sync section of `npm run bench` (also `npm run bench -- --section sync`): first sync of
 * 10,000 annotations from one data folder to another through the loopback test server, then
 * the delay until one live change made on one side appears on the other. Figures are reported
 * against the targets (first sync under 60 s, a live change under 5 s), never asserted.
 * The peak memory is the bench process's, which also holds the test server and both sides. So
 * does its CPU time: on a shared, loaded machine the seconds vary with the load, the CPU time
 * much less, so compare versions by CPU time (or run them side by side).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundledContentDir } from '../src/core/app-paths';
import { KnowledgeBase } from '../src/core/knowledge-base';
import { databaseFileName } from '../src/core/paths';
import { initTeam } from '../src/core/sync/team-admin';
import { startTeamServer } from '../src/team-server/team-server';

export interface SyncBenchResult {
  annotations: number;
  uploadSeconds: number;
  downloadSeconds: number;
  firstSyncSeconds: number;
  /** CPU time (user + system) of the bench process during the first sync. */
  firstSyncCpuSeconds: number;
  docsPerSecond: number;
  peakRssMB: number;
  liveDelaysMs: number[];
  /** The machine's 1-minute load average at the start and the end of the section. */
  loadAverage: { before: number; after: number };
  targets: { name: string; holds: boolean; detail: string }[];
}

const admin = { user: 'admin', password: 'bench-admin-pw' };
const team = 'bench';

function openKb(dataDir: string, intervalMs?: number): KnowledgeBase {
  return KnowledgeBase.open({ dataDir, appVersion: 'bench', bundledContentDir, dailyBackup: false, teamSyncIntervalMs: intervalMs });
}

export async function benchSync(count = 10_000, liveSamples = 5): Promise<SyncBenchResult> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-bench-sync-'));
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const server = await startTeamServer({ dir: path.join(root, 'server'), admin });
  try {
    const report = await initTeam({ server: server.url, team, members: [{ login: 'claire', password: 'claire-bench' }, { login: 'marc', password: 'marc-bench' }], admin });
    void report;
    const claireDir = path.join(root, 'claire');
    const marcDir = path.join(root, 'marc');
    const claire = openKb(claireDir, 500);
    claire.db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        claire.annotations.create({ kit: 'municipaless', number: [1, 2, 3, 7][i % 4]!, selector: null, note: `Note de banc d’essai n° ${i} sur la commande publique responsable`, tags: [`lot-${i % 20}`] });
      }
    })();
    fs.mkdirSync(marcDir);
    fs.copyFileSync(path.join(claireDir, databaseFileName), path.join(marcDir, databaseFileName));
    const marc = openKb(marcDir, 500);
    // Marc's copy had Claire's kits; he starts without her annotations.
    marc.db.exec("DELETE FROM annotations; DELETE FROM sync_outbox;");

    console.log(`Sync: ${count.toLocaleString('en')} annotations, Claire -> loopback server -> Marc`);
    const start = performance.now();
    const cpuAtStart = process.cpuUsage();
    await claire.team.connect({ server: server.url, database: team, login: 'claire', password: 'claire-bench', displayName: 'Claire Martin' }, { live: false });
    await claire.team.syncOnce();
    const uploaded = performance.now();
    await marc.team.connect({ server: server.url, database: team, login: 'marc', password: 'marc-bench', displayName: 'Marc Durand' }, { live: false });
    await marc.team.syncOnce();
    const downloaded = performance.now();
    const cpu = process.cpuUsage(cpuAtStart);
    const received = (marc.db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n;
    if (received !== count) throw new Error(`Marc received ${received} annotations instead of ${count}`);

    // Live: both sides sync by themselves; one change by Claire, timed until it is in Marc's base.
    claire.team.start();
    marc.team.start();
    const liveDelaysMs: number[] = [];
    for (let i = 0; i < liveSamples; i += 1) {
      const made = performance.now();
      const { id } = claire.annotations.create({ kit: 'municipaless', number: 2, selector: null, note: `Changement en direct ${i}` });
      const seen = marc.db.prepare('SELECT 1 FROM annotations WHERE id = ?');
      while (!seen.get(id)) await new Promise((resolve) => setTimeout(resolve, 10));
      liveDelaysMs.push(Math.round(performance.now() - made));
    }
    await claire.shutdown();
    await marc.shutdown();

    const uploadSeconds = (uploaded - start) / 1000;
    const downloadSeconds = (downloaded - uploaded) / 1000;
    const firstSyncSeconds = (downloaded - start) / 1000;
    const worstLive = Math.max(...liveDelaysMs);
    return {
      annotations: count,
      uploadSeconds: round(uploadSeconds),
      downloadSeconds: round(downloadSeconds),
      firstSyncSeconds: round(firstSyncSeconds),
      firstSyncCpuSeconds: round((cpu.user + cpu.system) / 1e6),
      docsPerSecond: Math.round(count / firstSyncSeconds),
      peakRssMB: Math.round(peakRss / 1024 ** 2),
      liveDelaysMs,
      loadAverage: { before: round(loadBefore), after: round(os.loadavg()[0] ?? 0) },
      targets: [
        { name: `first sync of ${count} annotations under 60 s`, holds: firstSyncSeconds < 60, detail: `${round(firstSyncSeconds)} s` },
        { name: 'a live change visible on the other side under 5 s', holds: worstLive < 5000, detail: `worst ${worstLive} ms of ${liveSamples}` },
      ],
    };
  } finally {
    clearInterval(sampler);
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function printSync(result: SyncBenchResult): void {
  console.log(`  Claire -> server: ${result.uploadSeconds} s; server -> Marc: ${result.downloadSeconds} s`);
  console.log(
    `  First sync: ${result.firstSyncSeconds} s (CPU ${result.firstSyncCpuSeconds} s), ${result.docsPerSecond} documents/s, peak memory ${result.peakRssMB} MB (bench process, server included)`,
  );
  console.log(`  Live change seen by Marc after: ${result.liveDelaysMs.join(', ')} ms`);
  console.log(`  Machine load average: ${result.loadAverage.before} at the start, ${result.loadAverage.after} at the end`);
  for (const t of result.targets) console.log(`  [${t.holds ? 'HOLDS' : 'FAILS'}] ${t.name}: ${t.detail}`);
}
