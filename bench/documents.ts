/**
 * The documents section of `npm run bench` (also `npm run bench -- --section documents`):
 *   - importing a generated 300-page text PDF through the app's import (worker thread), in
 *     seconds and pages per second, with the main thread's longest stall meanwhile (what the
 *     interface would feel);
 *   - search over 20,000 document pages next to the shipped fiches: the search service (limit
 *     20, no facets, as bench/worker.ts calls it) against the raw FTS5 floor on the same pages
 *     and fiches (the same MATCH on both indexes, bm25 only, top 20 each, no joins nor snippets).
 * Figures are reported against the targets (import under 10 s, service p95 ≤ 1.5 × the
 * floor's), never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { bundledContentDir } from '../src/core/app-paths';
import { KnowledgeBase } from '../src/core/knowledge-base';
import { columnWeights, ficheColumns, toFtsMatch } from '../src/core/search/query-builder';
import { documentBm25, documentColumns } from '../src/core/search/document-source';
import { parseQuery } from '../src/shared/search/query-parser';
import { generateFiche } from './corpus';
import { queries } from './queries';

export interface DocumentsBenchResult {
  pdfPages: number;
  pdfBytes: number;
  importSeconds: number;
  /** CPU time the process (main thread and extraction thread) spent on the import: what the wall time would be on an idle machine. */
  importCpuSeconds: number;
  pagesPerSecond: number;
  /** Longest delay of a 10 ms timer on the main thread during the import. */
  mainThreadMaxStallMs: number;
  searchPages: number;
  fiches: number;
  service: { p50: number; p95: number };
  fts5: { p50: number; p95: number };
  ratioP95: number;
  passes: number;
  /** 1-minute load average before and after (other work on the machine skews every figure). */
  loadAverage: { before: number; after: number };
  targets: { name: string; holds: boolean; detail: string }[];
}

const pageChars = 3000;

/** Generated French prose (the search benchmark's corpus), cut into pages of about 3,000 characters. */
function* corpusPages(): Generator<string> {
  for (let index = 0; ; index += 1) {
    const text = generateFiche(index).bodyText;
    for (let at = 0; at < text.length; at += pageChars) yield text.slice(at, at + pageChars);
  }
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

async function generatedPdf(pageCount: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.setTitle('Rapport généré pour le banc d’essai');
  const pages = corpusPages();
  for (let i = 0; i < pageCount; i += 1) {
    const page = pdf.addPage([595, 842]);
    const lines = wrap(pages.next().value ?? '', 95).slice(0, 44);
    lines.forEach((line, n) => page.drawText(line, { x: 40, y: 800 - n * 17, size: 10, font }));
  }
  return pdf.save();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function benchDocuments(options: { pdfPages?: number; searchPages?: number; passes?: number } = {}): Promise<DocumentsBenchResult> {
  const pdfPages = options.pdfPages ?? 300;
  const searchPages = options.searchPages ?? 20_000;
  const passes = options.passes ?? 5;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-bench-documents-'));
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const kb = KnowledgeBase.open({ dataDir: path.join(root, 'data'), appVersion: 'bench', bundledContentDir, dailyBackup: false });

    // 1. Import of a 300-page PDF, timed from the call to the written document.
    const pdf = await generatedPdf(pdfPages);
    const pdfFile = path.join(root, 'rapport-300-pages.pdf');
    fs.writeFileSync(pdfFile, pdf);
    let maxStall = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last - 10);
      last = now;
    }, 10);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const job = await kb.imports.wait(kb.imports.start({ path: pdfFile }).jobId);
    const importSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const importCpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(ticker);
    if (job.state !== 'done') throw new Error(`the PDF import ended in ${job.state}: ${job.error ?? ''}`);

    // 2. 20,000 pages of documents (100 documents of 200 pages), written as the import writes them.
    console.log(`Documents: writing ${searchPages.toLocaleString('en')} pages of generated text`);
    const pages = corpusPages();
    const perDocument = 200;
    for (let d = 0; d * perDocument < searchPages; d += 1) {
      const texts = Array.from({ length: Math.min(perDocument, searchPages - d * perDocument) }, () => pages.next().value ?? '');
      kb.documents.add(
        { sha256: d.toString(16).padStart(64, 'b'), fileName: `document-${d}.pdf`, format: 'pdf', title: `Document de banc d’essai ${d}`, author: '', date: '', pages: texts, size: 0, suggestedFiche: null },
        new Uint8Array(0),
      );
    }
    kb.db.pragma('wal_checkpoint(TRUNCATE)');
    kb.db.prepare("INSERT OR REPLACE INTO territory (id, scale, code, name, updated_at) VALUES (1, 'commune', '05004', 'Ancelle', '')").run();

    const fiches = (kb.db.prepare('SELECT count(*) AS n FROM fiches').get() as { n: number }).n;
    const ficheFloor = kb.db.prepare(`SELECT rowid, bm25(fiches_fts, ${columnWeights.join(', ')}) FROM fiches_fts WHERE fiches_fts MATCH ? ORDER BY 2 LIMIT 20`).raw();
    const pageFloor = kb.db.prepare(`SELECT rowid, ${documentBm25} FROM document_pages_fts WHERE document_pages_fts MATCH ? ORDER BY 2 LIMIT 20`).raw();
    const parsed = queries.map((q) => parseQuery(q.text));
    const matches = parsed.map((q) => ({ fiches: toFtsMatch(q, ficheColumns), pages: toFtsMatch(q, documentColumns) }));
    const engines = {
      service: (i: number) => kb.search.search({ query: queries[i]?.text ?? '', limit: 20, facets: false }).total,
      fts5: (i: number) => {
        const match = matches[i];
        return match?.fiches && match.pages ? ficheFloor.all(match.fiches).length + pageFloor.all(match.pages).length : 0;
      },
    };
    const latencies: Record<keyof typeof engines, number[]> = { service: [], fts5: [] };
    for (let pass = 0; pass <= passes; pass += 1) {
      for (let i = 0; i < queries.length; i += 1) {
        const order = pass % 2 === 0 ? (['service', 'fts5'] as const) : (['fts5', 'service'] as const);
        for (const name of order) {
          const begin = performance.now();
          engines[name](i);
          // The first pass warms the cache and is not counted.
          if (pass > 0) latencies[name].push(performance.now() - begin);
        }
      }
    }
    const stats = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)) };
    };
    const service = stats(latencies.service);
    const fts5 = stats(latencies.fts5);
    kb.close();
    const ratioP95 = round(service.p95 / fts5.p95, 2);
    return {
      pdfPages,
      pdfBytes: pdf.byteLength,
      importSeconds: round(importSeconds, 2),
      importCpuSeconds: round(importCpuSeconds, 2),
      pagesPerSecond: Math.round(pdfPages / importSeconds),
      mainThreadMaxStallMs: round(maxStall, 1),
      searchPages,
      fiches,
      service,
      fts5,
      ratioP95,
      passes,
      loadAverage: { before: round(loadBefore, 2), after: round(os.loadavg()[0] ?? 0, 2) },
      targets: [
        { name: `importing a ${pdfPages}-page PDF < 10 s`, holds: importSeconds < 10, detail: `${importSeconds.toFixed(2)} s (${Math.round(pdfPages / importSeconds)} pages/s)` },
        {
          name: `search over ${searchPages.toLocaleString('en')} document pages and the fiches: service p95 ≤ 1.5 × raw FTS5 p95`,
          holds: ratioP95 <= 1.5,
          detail: `service p95 ${service.p95} ms = ${ratioP95} × FTS5 p95 ${fts5.p95} ms`,
        },
      ],
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function printDocuments(r: DocumentsBenchResult): void {
  console.log(
    `Import of a ${r.pdfPages}-page PDF (${(r.pdfBytes / 1024 / 1024).toFixed(1)} MB): ${r.importSeconds} s, ${r.pagesPerSecond} pages/s ` +
      `(CPU time ${r.importCpuSeconds} s, extraction thread start included); ` +
      `longest main-thread stall meanwhile ${r.mainThreadMaxStallMs} ms`,
  );
  console.log(
    `Search over ${r.searchPages.toLocaleString('en')} document pages and ${r.fiches} fiches (${r.passes} passes of ${queries.length} queries): ` +
      `service p50 ${r.service.p50} ms, p95 ${r.service.p95} ms; raw FTS5 p50 ${r.fts5.p50} ms, p95 ${r.fts5.p95} ms; ratio of p95 ${r.ratioP95}×`,
  );
  console.log(`1-min load average ${r.loadAverage.before} before, ${r.loadAverage.after} after (${os.cpus().length} cores; above ~1 something else was running)`);
  for (const t of r.targets) console.log(`  ${t.holds ? 'holds' : 'MISSED'}: ${t.name} (${t.detail})`);
}
