import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli';
import { KbError } from '../../shared/errors';
import { projectRoot } from '../app-paths';
import { databaseOf, dumpDatabase, kbWithPack } from '../backup/test-helpers';
import { ficheMd, validPackFiles, writePack } from '../test-support/packs';
import { maxContentFileBytes, packEntryProblem, packText } from './pack-file';
import { tempDir } from '../test-support/temp-dir';

/** A data folder whose database exists (shipped kits imported), as after a first start. */
function startedDataDir(): string {
  const dataDir = tempDir();
  expect(runCli(['list', '--data-dir', dataDir], { out: () => {}, err: () => {} })).toBe(0);
  return dataDir;
}

/**
 * `kits-ess import` in a child process. A hang guard, not a timing assertion: a FIFO used to
 * block the import forever and /dev/zero to fill the memory, so the child is killed if it is
 * still running after 20 s, and the test fails.
 */
function importInChild(pack: string, dataDir: string): { status: number | null; stderr: string } {
  const bin = path.join(projectRoot, 'src', 'cli', 'kits-ess.mjs');
  const result = spawnSync(bin, ['import', pack, '--data-dir', dataDir], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  expect(result.signal, 'the import had to be killed: it hung').toBeNull();
  return { status: result.status, stderr: result.stderr };
}

/** The `path:line: reason` lines of a refused pack, and the database left exactly as it was. */
function refusedProblems(pack: string): string[] {
  const kb = kbWithPack();
  const before = dumpDatabase(kb.databasePath);
  let problems: string[] | undefined;
  try {
    kb.importPack(pack, 'paquet');
  } catch (error) {
    expect(error).toBeInstanceOf(KbError);
    expect((error as KbError).message).toMatch(/^Le contenu paquet est refusé \(\d+ problèmes?\) ; rien n’a été importé\.$/);
    problems = (error as KbError).details;
  }
  expect(dumpDatabase(kb.databasePath)).toEqual(before);
  kb.close();
  if (!problems) throw new Error('the pack was accepted');
  return problems;
}

const fiche3 = path.join('essai', '03-piege.md');

describe('a content pack reads regular files only', () => {
  it('refuses a FIFO among the fiches without waiting for a writer', () => {
    const pack = writePack(validPackFiles());
    const fifo = spawnSync('mkfifo', [path.join(pack, fiche3)]);
    expect(fifo.status).toBe(0);
    const dataDir = startedDataDir();
    const before = dumpDatabase(databaseOf(dataDir));
    const { status, stderr } = importInChild(pack, dataDir);
    expect(status).toBe(1);
    expect(stderr).toContain(`${path.join(pack, fiche3)}:1: ce n’est pas un fichier ordinaire (tube, socket ou périphérique) : refusé.`);
    expect(stderr).toMatch(/rien n’a été importé/);
    expect(dumpDatabase(databaseOf(dataDir))).toEqual(before);
  });

  it('refuses a symbolic link to /dev/zero without reading it', () => {
    const pack = writePack(validPackFiles());
    fs.symlinkSync('/dev/zero', path.join(pack, fiche3));
    const dataDir = startedDataDir();
    const before = dumpDatabase(databaseOf(dataDir));
    const { status, stderr } = importInChild(pack, dataDir);
    expect(status).toBe(1);
    expect(stderr).toContain(`${path.join(pack, fiche3)}:1: lien symbolique refusé : un paquet ne contient que des dossiers et des fichiers ordinaires (copiez-y le fichier ou le dossier lui-même).`);
    expect(dumpDatabase(databaseOf(dataDir))).toEqual(before);
  });

  it('refuses a symbolic link to a fiche outside the pack, and a vocabulary linked from elsewhere', () => {
    const outside = writePack({ '03-dehors.md': ficheMd(3, 'Fiche venue d’ailleurs', 'Texte hors du paquet.') });
    const pack = writePack(validPackFiles());
    fs.symlinkSync(path.join(outside, '03-dehors.md'), path.join(pack, fiche3));
    fs.renameSync(path.join(pack, 'vocabulaire.yml'), path.join(outside, 'vocabulaire.yml'));
    fs.symlinkSync(path.join(outside, 'vocabulaire.yml'), path.join(pack, 'vocabulaire.yml'));
    const problems = refusedProblems(pack);
    const link = 'lien symbolique refusé : un paquet ne contient que des dossiers et des fichiers ordinaires (copiez-y le fichier ou le dossier lui-même).';
    expect(problems).toContain(`${path.join('paquet', fiche3)}:1: ${link}`);
    expect(problems).toContain(`${path.join('paquet', 'vocabulaire.yml')}:1: ${link}`);
  });

  it('reports a symlinked kit folder instead of skipping it', () => {
    const elsewhere = writePack(validPackFiles());
    const pack = writePack(validPackFiles());
    fs.symlinkSync(path.join(elsewhere, 'essai'), path.join(pack, 'autre-kit'));
    expect(refusedProblems(pack)).toEqual([
      `${path.join('paquet', 'autre-kit')}:1: lien symbolique refusé : un paquet ne contient que des dossiers et des fichiers ordinaires (copiez-y le fichier ou le dossier lui-même).`,
    ]);
  });

  it('refuses a socket in place of a fiche', async () => {
    const pack = writePack(validPackFiles());
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(pack, fiche3), resolve));
    try {
      expect(refusedProblems(pack)).toEqual([
        `${path.join('paquet', fiche3)}:1: ce n’est pas un fichier ordinaire (tube, socket ou périphérique) : refusé.`,
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a YAML alias bomb with its file, line and a French message', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let n = 1; n < 9; n++) {
      const previous = String.fromCharCode(96 + n);
      const name = String.fromCharCode(97 + n);
      levels.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
    }
    const files = validPackFiles();
    files['essai/03-piege.md'] = ficheMd(3, 'Bombe', 'Texte.').replace('numero: 3', `numero: 3\n${levels.join('\n')}`);
    expect(refusedProblems(writePack(files))).toEqual([
      `${path.join('paquet', fiche3)}:4: YAML refusé : trop d’alias (* ou <<) à développer, comme dans un fichier piégé ; écrivez les valeurs en entier.`,
    ]);
  });

  it('counts the size limit on the bytes read, whatever size the file or archive declared', () => {
    // A file that says it is empty (as /proc files and devices do) is read only up to the limit plus one byte.
    expect(packEntryProblem('file', 0)).toBeNull();
    expect(packText(Buffer.alloc(maxContentFileBytes + 1, 0x61))).toEqual({ problem: 'fichier trop volumineux (au plus 2 Mo).' });
    expect(packText(Buffer.from('numero: 1', 'utf8'))).toEqual({ text: 'numero: 1' });
  });
});
