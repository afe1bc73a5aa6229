/**
 * One engine of the benchmark, in its own process so that its memory is its own:
 *
 *   import      generate the corpus pack by pack and import it with importPack (timed)
 *   service     open the knowledge base and run every query through the search service and
 *               through the raw FTS5 floor (same process, same SQLite connection and cache)
 *   minisearch  load the fiches from the database, index them in MiniSearch, run the queries
 *   naive       load the fiches from the database, fold them, run the queries by scanning
 *
 * Started by run.ts with fork(); takes one JSON argument and answers with one IPC message.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { importPack } from '../src/core/content/import-pack';
import { KnowledgeBase } from '../src/core/knowledge-base';
import { toFtsMatch } from '../src/core/search/query-builder';
import { parseQuery } from '../src/shared/search/query-parser';
import { MiniSearchBaseline, NaiveScan, RawFts5, type BaselineDoc } from './baselines';
import { generatePacks } from './corpus';
import { queries } from './queries';

export type Role = 'import' | 'service' | 'minisearch' | 'naive';

export interface WorkerArgs {
  role: Role;
  size: number;
  dir: string;
  seed: number;
  passes: number;
  /** Stop adding passes once the timed passes would exceed this (the warm-up tells). */
  budgetMs: number;
}

export interface RssSample {
  phase: string;
  rssMB: number;
  heapUsedMB: number;
}

export interface EngineTimings {
  /** latencies[query][pass], milliseconds. */
  latencies: number[][];
  /** First (warm-up) run of each query, milliseconds. */
  warmup: number[];
  /** Hits returned for each query (service: total matched). */
  hits: number[];
  passes: number;
}

export interface WorkerResult {
  role: Role;
  rss: RssSample[];
  maxRssMB: number;
  phasesMs: Record<string, number>;
  engines: Record<string, EngineTimings>;
  info: Record<string, number | string>;
}

const databaseFile = 'kits-ess.sqlite';
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function now(): bigint {
  return process.hrtime.bigint();
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

class Recorder {
  readonly rss: RssSample[] = [];
  readonly phasesMs: Record<string, number> = {};
  readonly info: Record<string, number | string> = {};

  sample(phase: string): void {
    gc();
    const usage = process.memoryUsage();
    this.rss.push({ phase, rssMB: mb(usage.rss), heapUsedMB: mb(usage.heapUsed) });
  }

  time<T>(phase: string, work: () => T): T {
    const start = now();
    const result = work();
    this.phasesMs[phase] = (this.phasesMs[phase] ?? 0) + msSince(start);
    return result;
  }
}

interface Engine {
  name: string;
  /** Runs query i, returns its hit count. */
  run(i: number): number;
}

/**
 * A warm-up pass (every query once per engine), then up to `passes` timed passes; engines
 * take turns query by query (order alternating between passes) so they see the same cache.
 */
function measure(engines: Engine[], args: WorkerArgs): Record<string, EngineTimings> {
  const out: Record<string, EngineTimings> = {};
  for (const engine of engines) {
    out[engine.name] = { latencies: queries.map(() => []), warmup: [], hits: [], passes: 0 };
  }
  const warmupStart = now();
  for (let i = 0; i < queries.length; i += 1) {
    for (const engine of engines) {
      const start = now();
      const hits = engine.run(i);
      const timings = out[engine.name] as EngineTimings;
      timings.warmup.push(msSince(start));
      timings.hits.push(hits);
    }
  }
  const warmupMs = msSince(warmupStart);
  const passes = Math.max(1, Math.min(args.passes, Math.floor(args.budgetMs / Math.max(warmupMs, 1))));
  for (let pass = 0; pass < passes; pass += 1) {
    const order = pass % 2 === 0 ? engines : [...engines].reverse();
    for (let i = 0; i < queries.length; i += 1) {
      for (const engine of order) {
        const start = now();
        engine.run(i);
        (out[engine.name] as EngineTimings).latencies[i]?.push(msSince(start));
      }
    }
  }
  for (const engine of engines) (out[engine.name] as EngineTimings).passes = passes;
  return out;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function runImport(args: WorkerArgs, rec: Recorder): Record<string, EngineTimings> {
  const kb = KnowledgeBase.open({ dataDir: args.dir, appVersion: 'bench', dailyBackup: false });
  rec.sample('opened empty knowledge base');
  const packs = generatePacks(args.size, { seed: args.seed, fichesPerPack: 10_000 });
  let packCount = 0;
  for (;;) {
    const next = rec.time('generate', () => packs.next());
    if (next.done) break;
    packCount += 1;
    rec.time('import', () => importPack(kb.db, next.value));
    rec.sample(`after importing pack ${packCount}`);
  }
  const databasePath = path.join(args.dir, databaseFile);
  rec.info.packs = packCount;
  rec.info.walBytesBeforeCheckpoint = fileSize(`${databasePath}-wal`);
  rec.time('checkpoint', () => kb.db.pragma('wal_checkpoint(TRUNCATE)'));
  rec.info.dbBytes = fileSize(databasePath);
  rec.info.walBytes = fileSize(`${databasePath}-wal`);
  const corpus = kb.db
    .prepare('SELECT count(*) AS fiches, sum(length(body_text)) AS bodyChars, sum(length(body_md)) AS bodyMdChars FROM fiches')
    .get() as { fiches: number; bodyChars: number; bodyMdChars: number };
  rec.info.fiches = corpus.fiches;
  rec.info.bodyChars = corpus.bodyChars;
  rec.info.kits = (kb.db.prepare('SELECT count(*) AS n FROM kits').get() as { n: number }).n;
  try {
    const tables = kb.db
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE aggregate = TRUE GROUP BY name")
      .all() as { name: string; bytes: number }[];
    const sum = (filter: (name: string) => boolean): number =>
      tables.filter((t) => filter(t.name)).reduce((total, t) => total + t.bytes, 0);
    rec.info.ftsIndexBytes = sum((name) => name.startsWith('fiches_fts'));
    rec.info.fichesTableBytes = sum((name) => name === 'fiches');
  } catch (error) {
    rec.info.dbstatError = String(error);
  }
  kb.close();
  rec.sample('closed');
  return {};
}

function runService(args: WorkerArgs, rec: Recorder): Record<string, EngineTimings> {
  // No daily backup: it would copy the whole benchmark database inside the timed open.
  const kb = rec.time('open', () => KnowledgeBase.open({ dataDir: args.dir, appVersion: 'bench', dailyBackup: false }));
  rec.sample('opened knowledge base');
  // A commune is chosen, as on most computers: its scale weighs in every ranking. Written
  // directly, because choosing it through the service would load the official territory data,
  // which search never reads, into the measured process.
  kb.db.prepare("INSERT OR REPLACE INTO territory (id, scale, code, name, updated_at) VALUES (1, 'commune', '05004', 'Ancelle', '')").run();
  const raw = new RawFts5(kb.db);
  const matches = queries.map((q) => toFtsMatch(parseQuery(q.text)));
  const engines: Engine[] = [
    {
      name: 'service',
      // The app's call; adapt here if the service API changes.
      run: (i) => kb.search.search({ query: queries[i]?.text ?? '', limit: 20, facets: false }).total,
    },
    { name: 'fts5', run: (i) => raw.search(matches[i] ?? null) },
  ];
  const timings = rec.time('queries', () => measure(engines, args));
  rec.sample('after the queries');
  kb.close();
  return timings;
}

/** Streams the fiches out of the database the import wrote (the very text the service searches). */
function loadDocs(args: WorkerArgs, rec: Recorder, add: (doc: BaselineDoc) => void): void {
  const db = new Database(path.join(args.dir, databaseFile), { readonly: true });
  const rows = db.prepare('SELECT id, title, summary, body_text AS body FROM fiches ORDER BY id').iterate() as IterableIterator<BaselineDoc>;
  const start = now();
  let indexing = 0;
  let count = 0;
  for (const doc of rows) {
    const t = now();
    add(doc);
    indexing += msSince(t);
    count += 1;
  }
  rec.phasesMs.read = msSince(start) - indexing;
  rec.phasesMs.build = indexing;
  rec.info.docs = count;
  db.close();
}

function runMiniSearch(args: WorkerArgs, rec: Recorder): Record<string, EngineTimings> {
  const engine = new MiniSearchBaseline();
  loadDocs(args, rec, (doc) => engine.add(doc));
  rec.sample('after building the index');
  rec.info.terms = engine.index.termCount;
  const parsed = queries.map((q) => MiniSearchBaseline.toQuery(parseQuery(q.text)));
  const timings = rec.time('queries', () => measure([{ name: 'minisearch', run: (i) => engine.search(parsed[i] ?? null).length }], args));
  rec.sample('after the queries');
  return timings;
}

function runNaive(args: WorkerArgs, rec: Recorder): Record<string, EngineTimings> {
  const engine = new NaiveScan();
  loadDocs(args, rec, (doc) => engine.add(doc));
  rec.sample('after folding the texts');
  const parsed = queries.map((q) => parseQuery(q.text));
  const timings = rec.time('queries', () =>
    measure([{ name: 'naive', run: (i) => engine.search(parsed[i] ?? { groups: [], excluded: [] }).length }], args),
  );
  rec.sample('after the queries');
  return timings;
}

function main(): void {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
  const rec = new Recorder();
  rec.sample('start');
  const roles: Record<Role, (a: WorkerArgs, r: Recorder) => Record<string, EngineTimings>> = {
    import: runImport,
    service: runService,
    minisearch: runMiniSearch,
    naive: runNaive,
  };
  const engines = roles[args.role](args, rec);
  const result: WorkerResult = {
    role: args.role,
    rss: rec.rss,
    maxRssMB: mb(process.resourceUsage().maxRSS * 1024),
    phasesMs: rec.phasesMs,
    engines,
    info: rec.info,
  };
  if (process.send) {
    process.send(result, undefined, {}, () => process.exit(0));
  } else {
    console.log(JSON.stringify(result));
  }
}

main();
