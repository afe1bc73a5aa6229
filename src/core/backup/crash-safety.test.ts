import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledContentDir, projectRoot } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { tempDir } from '../test-support/temp-dir';
import { backupsDir } from './backup-files';
import { checkBackup } from './backup-service';
import { databaseOf, namesIn } from './test-helpers';

const writerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures', 'crash-writer.ts');
const rounds = 20;
const ackLine = /^ack ([0-9a-f-]{36})$/;

interface Round {
  acked: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * Starts the writer and kills it with SIGKILL: some rounds at a random moment of its start-up
 * (opening, checking, daily backup, content check), the others a random moment after its
 * first acknowledged write. Only complete « ack » lines count as acknowledged.
 */
function killedRun(dataDir: string, duringStartup: boolean): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let pending = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const killSoon = (maxDelay: number): void => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * maxDelay));
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const id = ackLine.exec(line)?.[1];
        if (id) {
          acked.push(id);
          killSoon(150);
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    if (duringStartup) killSoon(600);
    // A writer that never acknowledges anything is killed anyway.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ acked, signal, code, stderr });
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged annotation and a sound database through repeated SIGKILLs', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    // The shipped kits first, so that the writer annotates MunicipalESS fiche 7 from its first start.
    KnowledgeBase.open({ dataDir, appVersion: 'test', bundledContentDir }).close();

    const acked: string[] = [];
    let killedWhileWriting = 0;
    for (let round = 0; round < rounds; round++) {
      const result = await killedRun(dataDir, round % 5 === 0);
      expect({ round, signal: result.signal, code: result.code, stderr: result.stderr }).toEqual({
        round,
        signal: 'SIGKILL',
        code: null,
        stderr: '',
      });
      if (result.acked.length > 0) killedWhileWriting++;
      acked.push(...result.acked);
    }
    expect(killedWhileWriting).toBeGreaterThanOrEqual(rounds / 2);
    expect(acked.length).toBeGreaterThan(0);

    // No database was ever set aside as unreadable, and only our own backup files exist.
    expect(namesIn(dataDir).filter((n) => n.includes('illisible') || n.includes('avant-restauration'))).toEqual([]);
    const kb = KnowledgeBase.open({ dataDir, appVersion: 'test', log: () => {} });
    try {
      expect(kb.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(kb.db.prepare('SELECT id FROM annotations').pluck().all() as string[]);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(new Set(acked).size).toBe(acked.length);
      // The search index followed every write that was kept (FTS5 compares it with its content).
      expect(() => kb.db.prepare("INSERT INTO annotations_fts (annotations_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    } finally {
      kb.close();
    }
    expect(fs.existsSync(databaseOf(dataDir))).toBe(true);
    const daily = namesIn(backupsDir(dataDir)).filter((n) => /^kits-ess-\d{4}-\d{2}-\d{2}\.sqlite$/.test(n));
    for (const name of daily) expect(checkBackup(path.join(backupsDir(dataDir), name)).schemaVersion).toBeGreaterThan(0);
  });
});
