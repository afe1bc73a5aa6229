/**
 * npm run bench [-- --sizes 1000,10000] [--passes 5] [--budget 60] [--seed N] [--keep] [--cpu-prof] [--section search|sync|documents]
 *
 * --section runs only the search benchmark, the team sync one (bench/sync.ts) or the library's
 * documents one (bench/documents.ts); all by default.
 *
 * --cpu-prof writes the search process's CPU profiles to bench/results/cpu-prof-service-<size>/.
 *
 * Benchmark (not a test) of the French full-text search service, side by side with
 * baselines in the same run: for each corpus size, generate the fiches, import them into a
 * fresh data folder, then run the fixed queries through
 *   - the app's search service (kb.search.search, limit 20, no facets),
 *   - the raw FTS5 floor (the same MATCH, bm25 only, no joins nor snippets),
 *   - MiniSearch 7 in memory,
 *   - a naive in-memory scan,
 * each in its own child process (so each one's memory is its own). Prints a table per size
 * with the service's p95 as a ratio of each baseline's, says which targets hold, and writes
 * every figure to bench/results/search.json. Targets are reported, never asserted.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { defaultSeed, fichesPerKit, vocabularyTarget, zipfExponent } from './corpus';
import { queries } from './queries';
import { benchSync, printSync } from './sync';
import { benchDocuments, printDocuments } from './documents';
import type { EngineTimings, Role, WorkerArgs, WorkerResult } from './worker';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const resultsFile = path.join(here, 'results', 'search.json');
const syncResultsFile = path.join(here, 'results', 'sync.json');
const documentsResultsFile = path.join(here, 'results', 'documents.json');
const sectionNames = ['search', 'sync', 'documents'] as const;
type Section = (typeof sectionNames)[number];

interface Options {
  sizes: number[];
  passes: number;
  budgetMs: number;
  seed: number;
  keep: boolean;
  cpuProf: boolean;
  sections: Section[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sizes: [1_000, 10_000, 100_000], passes: 5, budgetMs: 60_000, seed: defaultSeed, keep: false, cpuProf: false, sections: [...sectionNames] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--sizes':
        options.sizes = value()
          .split(',')
          .map((s) => Number(s.trim().replace(/_/g, '').replace(/k$/i, '000')))
          .filter((n) => Number.isInteger(n) && n > 0);
        break;
      case '--passes':
        options.passes = Math.max(1, Number(value()));
        break;
      case '--budget':
        options.budgetMs = Math.max(1, Number(value())) * 1000;
        break;
      case '--seed':
        options.seed = Number(value());
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--section': {
        const section = value();
        const known = sectionNames.find((name) => name === section);
        if (!known) throw new Error(`--section is ${sectionNames.join(', ')}, not ${section}`);
        options.sections = [known];
        break;
      }
      default:
        throw new Error(`unknown option ${arg} (see bench/run.ts)`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------
// Child processes

function heapFor(role: Role, size: number): number {
  if (role === 'minisearch' || role === 'naive') return Math.max(4096, Math.ceil(size / 100_000) * 12_288);
  return 4096;
}

function runWorker(args: WorkerArgs, options: Options): Promise<WorkerResult> {
  const execArgv = ['--import', 'tsx', '--expose-gc', `--max-old-space-size=${heapFor(args.role, args.size)}`];
  if (options.cpuProf && args.role === 'service') {
    // One profile per thread (tsx runs a loader thread too): the largest file is the main thread's.
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.join(here, 'results', `cpu-prof-service-${args.size}`)}`);
  }
  return new Promise((resolve, reject) => {
    let result: WorkerResult | undefined;
    const child = fork(path.join(here, 'worker.ts'), [JSON.stringify(args)], { cwd: root, execArgv, stdio: 'inherit' });
    child.on('message', (message) => {
      result = message as WorkerResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`${args.role} worker (${args.size} fiches) ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}

// ---------------------------------------------------------------------------------------
// Figures

interface EngineSummary {
  p50: number;
  p95: number;
  mean: number;
  max: number;
  samples: number;
  passes: number;
  firstQueryMs: number;
  /** Median latency of each query, in the order of bench/queries.ts. */
  perQueryMedian: number[];
  hits: number[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

function summarize(t: EngineTimings): EngineSummary {
  const all = t.latencies.flat().sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    p50: round(percentile(all, 0.5)),
    p95: round(percentile(all, 0.95)),
    mean: round(all.reduce((s, x) => s + x, 0) / all.length),
    max: round(all.at(-1) ?? Number.NaN),
    samples: all.length,
    passes: t.passes,
    firstQueryMs: round(t.warmup[0] ?? Number.NaN),
    perQueryMedian: t.latencies.map((l) => round(percentile([...l].sort((a, b) => a - b), 0.5))),
    hits: t.hits,
  };
}

const engineLabels: Record<string, string> = {
  service: 'search service',
  fts5: 'raw FTS5 floor',
  minisearch: 'MiniSearch 7',
  naive: 'naive scan',
};

interface SizeResult {
  size: number;
  kits: number;
  corpus: { fiches: number; bodyChars: number };
  importMs: number;
  generateMs: number;
  checkpointMs: number;
  disk: { dbBytes: number; walBytes: number; walBytesBeforeCheckpoint: number; ftsIndexBytes: number | null; fichesTableBytes: number | null };
  engines: Record<string, EngineSummary & { buildMs?: number; readMs?: number; rssAfterMB?: number; maxRssMB: number }>;
  /** Each child process: its peak RSS, RSS sampled after each phase, and phase durations. */
  memory: Record<string, { maxRssMB: number; samples: WorkerResult['rss']; phasesMs: Record<string, number> }>;
  /** 1-minute load average before and after this size (other work on the machine skews latencies). */
  loadAverage: { before: number; after: number };
  ratios: Record<string, number>;
  errors: string[];
}

async function benchSize(size: number, options: Options): Promise<SizeResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kits-ess-bench-${size}-`));
  const base = { size, dir, seed: options.seed, passes: options.passes, budgetMs: options.budgetMs };
  const errors: string[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  const started = Date.now();
  const log = (text: string): void => console.log(`  [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
  try {
    log(`generating and importing ${size.toLocaleString('en')} fiches into ${dir}`);
    const imported = await runWorker({ ...base, role: 'import' }, options);
    const info = imported.info;
    log(`imported in ${((imported.phasesMs.import ?? 0) / 1000).toFixed(2)} s; running the search service and the FTS5 floor`);
    const results: WorkerResult[] = [];
    for (const role of ['service', 'minisearch', 'naive'] as const) {
      try {
        if (role !== 'service') log(`running ${engineLabels[role]}`);
        const result = await runWorker({ ...base, role }, options);
        results.push(result);
        const phases = Object.entries(result.phasesMs)
          .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
          .join(', ');
        log(`${engineLabels[role]} done (${phases}; peak RSS ${Math.round(result.maxRssMB)} MB)`);
      } catch (error) {
        errors.push(String(error));
        log(`failed: ${String(error)}`);
      }
    }
    const engines: SizeResult['engines'] = {};
    const memory: SizeResult['memory'] = { import: { maxRssMB: imported.maxRssMB, samples: imported.rss, phasesMs: imported.phasesMs } };
    for (const result of results) {
      memory[result.role] = { maxRssMB: result.maxRssMB, samples: result.rss, phasesMs: result.phasesMs };
      const rssAfter = result.rss.find((s) => s.phase.startsWith('after building') || s.phase.startsWith('after folding'));
      for (const [name, timings] of Object.entries(result.engines)) {
        engines[name] = {
          ...summarize(timings),
          maxRssMB: result.maxRssMB,
          ...(result.phasesMs.build !== undefined ? { buildMs: Math.round(result.phasesMs.build) } : {}),
          ...(result.phasesMs.read !== undefined ? { readMs: Math.round(result.phasesMs.read) } : {}),
          ...(rssAfter ? { rssAfterMB: rssAfter.rssMB } : {}),
        };
      }
    }
    const service = engines.service;
    const ratios: Record<string, number> = {};
    for (const other of ['fts5', 'minisearch', 'naive']) {
      const engine = engines[other];
      if (service && engine) {
        ratios[`serviceP95Over_${other}P95`] = Math.round((service.p95 / engine.p95) * 100) / 100;
        ratios[`serviceP50Over_${other}P50`] = Math.round((service.p50 / engine.p50) * 100) / 100;
      }
    }
    const num = (key: string): number => Number(info[key] ?? 0);
    return {
      size,
      kits: num('kits'),
      corpus: { fiches: num('fiches'), bodyChars: num('bodyChars') },
      importMs: Math.round(imported.phasesMs.import ?? 0),
      generateMs: Math.round(imported.phasesMs.generate ?? 0),
      checkpointMs: Math.round(imported.phasesMs.checkpoint ?? 0),
      disk: {
        dbBytes: num('dbBytes'),
        walBytes: num('walBytes'),
        walBytesBeforeCheckpoint: num('walBytesBeforeCheckpoint'),
        ftsIndexBytes: info.ftsIndexBytes === undefined ? null : num('ftsIndexBytes'),
        fichesTableBytes: info.fichesTableBytes === undefined ? null : num('fichesTableBytes'),
      },
      engines,
      memory,
      ratios,
      loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
      errors,
    };
  } finally {
    if (options.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// Report

const fmt = (x: number | undefined, digits = 2): string => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));
const mbOf = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((row, r) => {
      const line = row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
      return r === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function printSize(r: SizeResult): void {
  console.log(`\n=== ${r.size.toLocaleString('en')} fiches (${r.kits} kits, ${(r.corpus.bodyChars / 1e6).toFixed(0)} M characters of body text) ===`);
  console.log(
    `import ${(r.importMs / 1000).toFixed(2)} s (${Math.round(r.size / (r.importMs / 1000)).toLocaleString('en')} fiches/s; ` +
      `generation ${(r.generateMs / 1000).toFixed(1)} s not counted) · on disk ${mbOf(r.disk.dbBytes + r.disk.walBytes)} after checkpoint ` +
      `(FTS index ${r.disk.ftsIndexBytes === null ? '?' : mbOf(r.disk.ftsIndexBytes)}, fiches table ${r.disk.fichesTableBytes === null ? '?' : mbOf(r.disk.fichesTableBytes)}; ` +
      `WAL before checkpoint ${mbOf(r.disk.walBytesBeforeCheckpoint)})`,
  );
  console.log(
    `1-min load average ${r.loadAverage.before} before, ${r.loadAverage.after} after (${os.cpus().length} cores; above ~1 something else was running)`,
  );
  const service = r.engines.service;
  const rows: string[][] = [['engine', 'p50 ms', 'p95 ms', 'max ms', 'samples', 'index build s', 'RSS MB (process peak)', 'service p95 ÷ p95']];
  for (const name of ['service', 'fts5', 'minisearch', 'naive']) {
    const e = r.engines[name];
    if (!e) {
      rows.push([engineLabels[name] ?? name, 'failed', '', '', '', '', '', '']);
      continue;
    }
    const build = e.buildMs === undefined ? (name === 'service' || name === 'fts5' ? `${fmt(r.importMs / 1000)} (import)` : '—') : fmt(e.buildMs / 1000);
    const ratio = name === 'service' ? '1.00' : service ? `${fmt(service.p95 / e.p95)}×` : '—';
    rows.push([
      engineLabels[name] ?? name,
      fmt(e.p50, 3),
      fmt(e.p95, 3),
      fmt(e.max, 1),
      `${e.samples}`,
      build,
      name === 'fts5' ? '(same process)' : `${fmt(e.maxRssMB, 0)}`,
      ratio,
    ]);
  }
  console.log(table(rows));
  if (service) {
    const slow = service.perQueryMedian
      .map((ms, i) => ({ ms, i }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6);
    console.log('slowest queries for the service (median ms: service / FTS5 / MiniSearch / naive; service total hits):');
    for (const { ms, i } of slow) {
      const q = queries[i];
      const other = (name: string): string => fmt(r.engines[name]?.perQueryMedian[i], 2);
      console.log(`  ${JSON.stringify(q?.text).padEnd(40)} ${q?.kind.padEnd(11)} ${fmt(ms, 2)} / ${other('fts5')} / ${other('minisearch')} / ${other('naive')}; ${service.hits[i]} hits`);
    }
  }
  for (const error of r.errors) console.log(`  error: ${error}`);
}

interface Target {
  name: string;
  holds: boolean | null;
  detail: string;
}

function targets(results: SizeResult[]): Target[] {
  const at = (size: number): SizeResult | undefined => results.find((r) => r.size === size);
  const out: Target[] = [];
  const r10 = at(10_000);
  const s10 = r10?.engines.service;
  const f10 = r10?.engines.fts5;
  out.push(
    s10 && f10
      ? {
          name: '10,000 fiches: service p95 ≤ 1.5 × raw FTS5 p95 and < 10 ms',
          holds: s10.p95 <= 1.5 * f10.p95 && s10.p95 < 10,
          detail: `service p95 ${fmt(s10.p95, 3)} ms = ${fmt(s10.p95 / f10.p95)} × FTS5 p95 ${fmt(f10.p95, 3)} ms`,
        }
      : { name: '10,000 fiches: service p95 ≤ 1.5 × raw FTS5 p95 and < 10 ms', holds: null, detail: 'not measured' },
  );
  const r100 = at(100_000);
  const s100 = r100?.engines.service;
  const m100 = r100?.engines.minisearch;
  const n100 = r100?.engines.naive;
  out.push(
    s100 && m100 && n100
      ? {
          name: '100,000 fiches: service p95 beats MiniSearch and the naive scan',
          holds: s100.p95 < m100.p95 && s100.p95 < n100.p95,
          detail: `service ${fmt(s100.p95, 2)} ms vs MiniSearch ${fmt(m100.p95, 2)} ms and naive ${fmt(n100.p95, 2)} ms`,
        }
      : { name: '100,000 fiches: service p95 beats MiniSearch and the naive scan', holds: null, detail: 'not measured' },
  );
  out.push(
    r10
      ? { name: 'importing 10,000 fiches < 5 s', holds: r10.importMs < 5_000, detail: `${fmt(r10.importMs / 1000)} s` }
      : { name: 'importing 10,000 fiches < 5 s', holds: null, detail: 'not measured' },
  );
  const mem = r100?.memory.service;
  out.push(
    mem && r100
      ? {
          name: 'app memory < 300 MB at 100,000 fiches',
          holds: mem.maxRssMB < 300,
          detail: `search process peak RSS ${fmt(mem.maxRssMB, 0)} MB; import process peak RSS ${fmt(r100.memory.import?.maxRssMB, 0)} MB (includes the generator's 10,000-fiche pack)`,
        }
      : { name: 'app memory < 300 MB at 100,000 fiches', holds: null, detail: 'not measured' },
  );
  return out;
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  const db = new Database(':memory:');
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return {
    node: process.version,
    v8: process.versions.v8,
    sqlite,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryGB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.sections.includes('search')) await searchBench(options);
  if (options.sections.includes('sync')) {
    console.log('\nTeam sync benchmark (targets reported, not asserted):');
    const result = await benchSync();
    printSync(result);
    fs.mkdirSync(path.dirname(syncResultsFile), { recursive: true });
    fs.writeFileSync(syncResultsFile, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`);
    console.log(`Figures in ${path.relative(root, syncResultsFile)}.`);
  }
  if (options.sections.includes('documents')) {
    console.log('\nLibrary documents benchmark (targets reported, not asserted):');
    const result = await benchDocuments({ passes: options.passes });
    printDocuments(result);
    fs.mkdirSync(path.dirname(documentsResultsFile), { recursive: true });
    fs.writeFileSync(documentsResultsFile, `${JSON.stringify({ generatedAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`);
    console.log(`Figures in ${path.relative(root, documentsResultsFile)}.`);
  }
}

async function searchBench(options: Options): Promise<void> {
  const info = machine();
  console.log(
    `Search benchmark: ${queries.length} queries, sizes ${options.sizes.join(', ')}, up to ${options.passes} timed passes after a warm-up ` +
      `(${options.budgetMs / 1000} s budget per engine and size), seed ${options.seed}`,
  );
  console.log(`${info.cpuModel} × ${info.cores} cores, ${info.totalMemoryGB} GB, Node ${info.node}, SQLite ${info.sqlite}`);
  const started = Date.now();
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    console.log(`\n${size.toLocaleString('en')} fiches:`);
    const result = await benchSize(size, options);
    results.push(result);
    printSize(result);
  }
  const verdicts = targets(results);
  console.log('\nTargets (reported, not asserted):');
  for (const t of verdicts) {
    const mark = t.holds === null ? 'n/a ' : t.holds ? 'HOLDS' : 'FAILS';
    console.log(`  [${mark}] ${t.name}: ${t.detail}`);
  }
  const totalSeconds = Math.round((Date.now() - started) / 1000);
  console.log(`\nWhole run: ${totalSeconds} s. Figures in ${path.relative(root, resultsFile)}.`);
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: info,
        settings: {
          ...options,
          queries: queries.map((q) => q.text),
          queryKinds: queries.map((q) => q.kind),
          fichesPerKit,
          vocabulary: vocabularyTarget,
          zipfExponent,
          latencyUnit: 'ms',
          percentiles: 'nearest rank over every (query, timed pass) sample',
        },
        sizes: results,
        targets: verdicts,
        totalSeconds,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
