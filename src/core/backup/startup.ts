import fs from 'node:fs';
import path from 'node:path';
import { KbError } from '../../shared/errors';
import { formatSize } from '../../shared/french-format';
import type { BackupEntry } from '../../shared/schemas';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../knowledge-base';
import { databaseFileName } from '../paths';
import { backupsDir, errorCode, errorReason, readSqliteHeader, isCorruptionCode, withReadOnly } from './backup-files';
import { checkBackup, listBackups, setAside } from './backup-service';

/**
 * Start-up with an unreadable database. What happens on its own, and what does not:
 *   - a database file SQLite cannot read (not a database, damaged pages) is renamed to
 *     kits-ess.sqlite.illisible-<horodatage>, its -wal and -shm with it, bytes untouched:
 *     nothing is ever deleted, and the person is told where it is;
 *   - Kits ESS then does NOT start: neither restoring nor starting empty is done silently.
 *     The newest backup that passes checkBackup is offered; the person chooses (dialog in the
 *     desktop app; printed commands in the command line and the web host);
 *   - until they choose, each start finds no database but a file set aside as unreadable, and
 *     asks again (it does not quietly create an empty database);
 *   - errors that say nothing about the file's content (file locked, folder not writable,
 *     newer version of Kits ESS) are reported as they are, and nothing is moved.
 */

export interface UnreadableDatabase {
  dataDir: string;
  databasePath: string;
  /** Where the unreadable file now is. */
  keptAs: string;
  /** SQLite's diagnosis, or null when the file was set aside at an earlier start. */
  reason: string | null;
  /** The newest backup that passes checkBackup, if any. */
  backup: (BackupEntry & { path: string }) | null;
}

export type StartupResult = { status: 'ready'; kb: KnowledgeBase } | { status: 'unreadable'; problem: UnreadableDatabase };

export type StartupChoice = 'restore' | 'fresh' | 'quit';

const unreadableAsidePattern = /^kits-ess\.sqlite\.illisible-\d{4}-\d{2}-\d{2}-\d{6}(?:-\d+)?$/;

/**
 * Why the database file is unreadable, or null when it is sound (or missing, or when the
 * problem is not the file's content). Opens it read-only: the file is not modified.
 */
export function probeDatabase(file: string, options: { nativeBinding?: string } = {}): string | null {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null;
  }
  if (size === 0) return null; // SQLite's empty database: nothing to lose, it is set up as new.
  if (!readSqliteHeader(file)) return 'ce n’est pas un fichier SQLite';
  try {
    return withReadOnly(file, options.nativeBinding, (db) => {
      const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
      return rows.length === 1 && rows[0] === 'ok' ? null : `fichier endommagé : ${rows.slice(0, 3).join(' ; ')}`;
    }, false);
  } catch (error) {
    return isCorruptionCode(errorCode(error)) ? errorReason(error) : null;
  }
}

/** The newest backup of the backups folder that passes checkBackup. */
export function latestUsableBackup(dataDir: string, options: { nativeBinding?: string } = {}): (BackupEntry & { path: string }) | null {
  for (const entry of listBackups(dataDir)) {
    const file = path.join(backupsDir(dataDir), entry.name);
    try {
      checkBackup(file, options);
      return { ...entry, path: file };
    } catch {
      // Try the one before.
    }
  }
  return null;
}

/** The newest kits-ess.sqlite.illisible-… of the data folder, when no database has replaced it yet. */
function pendingUnreadable(dataDir: string, databasePath: string): string | null {
  if (fs.existsSync(databasePath)) return null;
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return null;
  }
  const newest = names.filter((name) => unreadableAsidePattern.test(name)).sort().at(-1);
  return newest ? path.join(dataDir, newest) : null;
}

/** Opens the knowledge base at start-up, or reports (after setting it aside) a database that cannot be read. */
export function openAtStartup(options: KnowledgeBaseOptions, now: Date = new Date()): StartupResult {
  const databasePath = path.join(options.dataDir, databaseFileName);
  const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const pending = pendingUnreadable(options.dataDir, databasePath);
  if (pending) {
    return {
      status: 'unreadable',
      problem: { dataDir: options.dataDir, databasePath, keptAs: pending, reason: null, backup: latestUsableBackup(options.dataDir, native) },
    };
  }
  const reason = probeDatabase(databasePath, native);
  if (reason !== null) {
    const keptAs = setAside(databasePath, 'illisible', { now, checkpoint: false });
    if (keptAs === null) throw new KbError('database_unreadable', `La base ${databasePath} a disparu pendant son ouverture.`);
    return {
      status: 'unreadable',
      problem: { dataDir: options.dataDir, databasePath, keptAs, reason, backup: latestUsableBackup(options.dataDir, native) },
    };
  }
  return { status: 'ready', kb: KnowledgeBase.open(options) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

function describeBackup(backup: BackupEntry): string {
  const d = new Date(backup.date);
  const when = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} à ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${backup.name} (sauvegarde ${backup.automatic ? 'automatique' : 'manuelle'} du ${when}, ${formatSize(backup.size)})`;
}

/** What happened, in French, for every front end. */
export function unreadableMessage(problem: UnreadableDatabase): string {
  const lines =
    problem.reason === null
      ? [
          `La base de Kits ESS (${problem.databasePath}) a été trouvée illisible lors d’un démarrage précédent.`,
          `Elle est gardée de côté, intacte : ${problem.keptAs}`,
        ]
      : [
          `La base de Kits ESS est illisible (${problem.reason}) : ${problem.databasePath}`,
          `Elle a été mise de côté sans être modifiée : ${problem.keptAs}`,
        ];
  lines.push('Rien n’a été supprimé et aucune base neuve n’a été créée.');
  lines.push(
    problem.backup
      ? `Dernière sauvegarde utilisable : ${describeBackup(problem.backup)}.`
      : `Aucune sauvegarde utilisable n’a été trouvée dans ${backupsDir(problem.dataDir)}.`,
  );
  return lines.join('\n');
}

/** A path quoted for the person's shell (POSIX single quotes, or Windows double quotes). */
export function shellQuote(value: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `"${value.replace(/"/g, '""')}"`;
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The exact commands that get out of it, for the command line and the web host. */
export function unreadableCommands(problem: UnreadableDatabase, program = 'npx kits-ess', platform: NodeJS.Platform = process.platform): string[] {
  const dataDir = `--data-dir ${shellQuote(problem.dataDir, platform)}`;
  const lines: string[] = [];
  if (problem.backup) lines.push(`Pour restaurer cette sauvegarde : ${program} restore ${shellQuote(problem.backup.path, platform)} ${dataDir}`);
  lines.push(
    `Pour démarrer avec une base neuve (sans vos annotations ni vos projets) : ${program} restore --new-database ${dataDir}`,
  );
  return lines;
}

/**
 * For the command line and the web host: the knowledge base, or a KbError whose message says
 * what happened and gives the commands to run.
 */
export function openOrExplain(options: KnowledgeBaseOptions, program = 'npx kits-ess'): KnowledgeBase {
  const result = openAtStartup(options);
  if (result.status === 'ready') return result.kb;
  throw new KbError('database_unreadable', [unreadableMessage(result.problem), ...unreadableCommands(result.problem, program)].join('\n'));
}

export interface StartupQuestion {
  title: string;
  message: string;
  detail: string;
  choices: { choice: StartupChoice; label: string }[];
  /** Enter: restore when there is a backup, else quit (the choice that changes nothing). */
  defaultChoice: StartupChoice;
  /** Escape or closing the dialog. */
  cancelChoice: StartupChoice;
}

/** The question the desktop app asks (src/main turns it into a message box). */
export function startupQuestion(problem: UnreadableDatabase): StartupQuestion {
  const choices: StartupQuestion['choices'] = [];
  if (problem.backup) choices.push({ choice: 'restore', label: 'Restaurer la dernière sauvegarde' });
  choices.push({ choice: 'fresh', label: 'Démarrer avec une base neuve' }, { choice: 'quit', label: 'Quitter' });
  return {
    title: 'Kits ESS',
    message: 'La base de données de Kits ESS ne peut pas être lue.',
    detail:
      `${unreadableMessage(problem)}\n\n` +
      (problem.backup ? 'Restaurer la sauvegarde reprend vos annotations et projets tels qu’ils étaient à sa date. ' : '') +
      'Une base neuve contient les kits, sans vos annotations ni vos projets. Si vous quittez, la question sera reposée au prochain démarrage.',
    choices,
    defaultChoice: problem.backup ? 'restore' : 'quit',
    cancelChoice: 'quit',
  };
}

/**
 * « Démarrer avec une base neuve » outside the dialog (kits-ess restore --new-database): only
 * when the database is missing or unreadable; an unreadable one is set aside first. Returns
 * the new knowledge base and where the unreadable database is kept, if any.
 */
export function startFresh(options: KnowledgeBaseOptions, now: Date = new Date()): { kb: KnowledgeBase; keptAs: string | null } {
  const databasePath = path.join(options.dataDir, databaseFileName);
  let keptAs = pendingUnreadable(options.dataDir, databasePath);
  if (fs.existsSync(databasePath)) {
    if (probeDatabase(databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) === null) {
      throw new KbError(
        'invalid_input',
        `La base ${databasePath} est lisible : elle n’a pas été remplacée. Pour revenir à une sauvegarde : kits-ess restore <fichier>.`,
      );
    }
    keptAs = setAside(databasePath, 'illisible', { now, checkpoint: false });
  }
  return { kb: KnowledgeBase.open(options), keptAs };
}

/** Carries out the person's choice; null for « Quitter ». */
export function applyStartupChoice(choice: StartupChoice, problem: UnreadableDatabase, options: KnowledgeBaseOptions): KnowledgeBase | null {
  if (choice === 'quit') return null;
  if (choice === 'restore') {
    if (!problem.backup) throw new KbError('not_found', 'Aucune sauvegarde utilisable à restaurer.');
    return KnowledgeBase.restoreAndOpen(options, problem.backup.path).kb;
  }
  return KnowledgeBase.open(options);
}

/** The question as Electron's message box wants it: button labels and the indexes of Enter and Escape. */
export function messageBoxButtons(question: StartupQuestion): { buttons: string[]; defaultId: number; cancelId: number } {
  const index = (choice: StartupChoice): number => question.choices.findIndex((c) => c.choice === choice);
  return { buttons: question.choices.map((c) => c.label), defaultId: index(question.defaultChoice), cancelId: index(question.cancelChoice) };
}

/** The choice behind the button the person pressed (anything unexpected means « Quitter »). */
export function choiceAt(question: StartupQuestion, response: number): StartupChoice {
  return question.choices[response]?.choice ?? question.cancelChoice;
}
