import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { appVersion, bundledContentDir } from '../core/app-paths';
import { countOf, formatSize } from '../shared/french-format';
import { backupsDir, backupTo, listBackups } from '../core/backup/backup-service';
import { openOrExplain, startFresh } from '../core/backup/startup';
import { KnowledgeBase } from '../core/knowledge-base';
import { defaultDataDir } from '../core/paths';
import { apiMethods, type CoreApiHandlers, type MethodName } from '../shared/api';
import { describeIssues } from '../shared/dispatch';
import { describeContentUpdate, type ContentUpdateReport } from '../shared/content-update';
import { KbError } from '../shared/errors';
import { scaleLabels } from '../shared/schemas';
import { recordKindLabels, statusLabels, territoryNotAppliedLine } from '../shared/project-labels';
import { maxExportBytes } from '../core/transfer/user-data-format';
import { teamUsage } from './team-commands';
import { foldWord } from '../shared/search/normalize';
import { roadmapKindLabels, roadmapStatusLabels, targetLabel, type RoadmapKind } from '../shared/roadmap';
import type { DocumentSummary } from '../shared/document-schemas';
import { missingOriginalLabel, scannedDocumentLabel } from '../shared/document-limits';
import { formatLabels } from '../core/documents/document-format';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const exitCodes = { ok: 0, badInput: 1, usage: 2 } as const;

class UsageError extends Error {}

interface Context {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  io: CliIo;
  /** --data-dir, or the application's data folder. */
  dataDir: string;
  /** Runs `work` on the knowledge base of --data-dir (bundled kits imported), then closes it (once done, when it returns a promise). */
  withKb<T>(work: (kb: KnowledgeBase) => T): T;
}

interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Most commands finish at once; writing a Word file finishes later (a promise). */
  run(context: Context): void | Promise<void>;
}

const json = { json: { type: 'boolean' } } as const;

type CoreOutput<M extends MethodName> = ReturnType<CoreApiHandlers[M]>;

/** Calls an API method through its schema, exactly as the UI would. */
function call<M extends MethodName>(kb: KnowledgeBase, method: M, input: unknown): CoreOutput<M> {
  const parsed = apiMethods[method].input.safeParse(input);
  if (!parsed.success) throw new KbError('invalid_input', 'Arguments invalides.', describeIssues(parsed.error.issues));
  const handler = kb.handlers()[method] as (value: unknown) => CoreOutput<M>;
  return handler(parsed.data);
}

/** The format of an --out file: Word for .docx, Markdown otherwise (as before Word existed). */
function outFormat(file: string): 'md' | 'docx' {
  return path.extname(file).toLowerCase() === '.docx' ? 'docx' : 'md';
}

function ficheNumber(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError('Le numéro de fiche doit être un nombre entier.');
  return Number(raw);
}

const commands: Record<string, Command> = {
  import: {
    usage: 'kits-ess import <paquet.zip | dossier> [--data-dir D]',
    summary: 'importe une mise à jour des kits (.zip de npm run pack-content) ou un paquet de contenu (dossier)',
    options: {},
    run({ positionals, io, withKb }) {
      const [source] = positionals;
      if (!source || positionals.length > 1) throw new UsageError('Indiquez un seul paquet (.zip) ou dossier à importer.');
      const print = (report: ContentUpdateReport): void => describeContentUpdate(report).forEach((line) => io.out(line));
      if (source.toLowerCase().endsWith('.zip')) {
        return withKb(async (kb) => print(await kb.importPackZip(path.resolve(source), source)));
      }
      withKb((kb) => print(kb.importPack(path.resolve(source), source)));
    },
  },
  list: {
    usage: 'kits-ess list [--kit K] [--json] [--data-dir D]',
    summary: 'liste les kits, ou les fiches d’un kit',
    options: { kit: { type: 'string' }, ...json },
    run({ positionals, values, io, withKb }) {
      if (positionals.length > 0) throw new UsageError('« list » ne prend pas d’argument (utilisez --kit).');
      withKb((kb) => {
        if (typeof values.kit === 'string') {
          const fiches = call(kb, 'listFiches', { kit: values.kit });
          if (values.json) io.out(JSON.stringify(fiches, null, 2));
          else for (const f of fiches) io.out(`${String(f.number).padStart(2, ' ')}. ${f.title}`);
          return;
        }
        const kits = call(kb, 'listKits', {});
        if (values.json) io.out(JSON.stringify(kits, null, 2));
        else
          for (const k of kits) {
            io.out(`${k.slug}\t${k.title} (${scaleLabels[k.scale]}, ${k.year}) : ${k.ficheCount} fiche(s)`);
          }
      });
    },
  },
  show: {
    usage: 'kits-ess show <kit> <numero> [--json] [--data-dir D]',
    summary: 'affiche une fiche',
    options: { ...json },
    run({ positionals, values, io, withKb }) {
      if (positionals.length !== 2) throw new UsageError('Indiquez le kit et le numéro de la fiche.');
      const number = ficheNumber(positionals[1]);
      withKb((kb) => {
        const fiche = call(kb, 'getFiche', { kit: positionals[0], number });
        if (values.json) {
          io.out(JSON.stringify(fiche, null, 2));
          return;
        }
        io.out(`# ${fiche.number}. ${fiche.title}`);
        io.out(`${fiche.kitTitle} (${fiche.kitYear}) · Thèmes : ${fiche.themes.join(', ')}`);
        io.out('');
        io.out(fiche.summary);
        io.out('');
        io.out(fiche.bodyMd);
        io.out('');
        io.out(`Fiche officielle : ${fiche.sourceUrl}`);
      });
    },
  },
  search: {
    usage: 'kits-ess search "<recherche>" [--kit K] [--theme T] [--limit N] [--all-scales] [--json] [--data-dir D]',
    summary: 'cherche dans les fiches (mots, "expression exacte", -exclusion, OU), celles de l’échelon du territoire d’abord',
    options: {
      kit: { type: 'string', multiple: true },
      theme: { type: 'string', multiple: true },
      limit: { type: 'string' },
      'all-scales': { type: 'boolean' },
      ...json,
    },
    run({ positionals, values, io, withKb }) {
      if (positionals.length !== 1) {
        throw new UsageError('Indiquez la recherche entre guillemets, en un seul argument (une exclusion en tête s’écrit après -- : search -- "-mot autre").');
      }
      if (positionals[0]?.trim() === '') throw new UsageError('La recherche est vide.');
      const limit = values.limit === undefined ? 10 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit attend un nombre de 1 à 100.');
      const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
      withKb((kb) => {
        checkKnown('Kit', list(values.kit), call(kb, 'listKits', {}).map((k) => k.slug));
        checkKnown('Thème', list(values.theme), call(kb, 'getVocabulary', {}).themes);
        // A finished query: the last word is not a prefix being typed.
        const result = call(kb, 'search', {
          query: `${positionals[0]} `,
          filters: { kit: list(values.kit), theme: list(values.theme), competence: [], type: [] },
          limit,
          facets: false,
          territoryScaleFirst: !values['all-scales'],
      });
      if (values.json) {
        io.out(JSON.stringify(result, null, 2));
        return;
      }
      io.out(`${result.total} résultat${result.total > 1 ? 's' : ''}`);
      for (const hit of result.hits) {
        io.out('');
        if (hit.type === 'fiche') {
          io.out(`${hit.kitTitle} · fiche ${hit.number} : ${segmentsText(hit.title)}`);
          io.out(`  ${segmentsText(hit.snippet)}`);
        } else if (hit.type === 'project') {
          io.out(`Projet : ${segmentsText(hit.title)}`);
          io.out(`  ${segmentsText(hit.snippet)}`);
        } else if (hit.type === 'document') {
          io.out(`Document · ${segmentsText(hit.title)} · page ${hit.page} sur ${hit.pageCount}`);
          io.out(`  ${segmentsText(hit.snippet)}`);
        } else {
          io.out(`Annotation · ${hit.kitTitle} · fiche ${hit.number}${hit.ficheTitle ? ` : ${hit.ficheTitle}` : ''}`);
          if (hit.quote.length > 0) io.out(`  « ${segmentsText(hit.quote)} »`);
          if (hit.note.length > 0) io.out(`  ${segmentsText(hit.note)}`);
        }
      }
      if (result.total === 0 && result.suggestions.length > 0) io.out(`Essayez : ${result.suggestions.map((q) => q.trim()).join(' ; ')}`);
      });
    },
  },
  projects: {
    usage: 'kits-ess projects [--archives] [--json] [--data-dir D]',
    summary: 'liste les projets du territoire',
    options: { archives: { type: 'boolean' }, ...json },
    run({ positionals, values, io, withKb }) {
      if (positionals.length > 0) throw new UsageError('« projects » ne prend pas d’argument.');
      withKb((kb) => {
        const list = call(kb, 'listProjects', { includeArchived: values.archives === true });
        if (values.json) {
          io.out(JSON.stringify(list, null, 2));
          return;
        }
        io.out(`${list.length} projet${list.length > 1 ? 's' : ''}`);
        for (const p of list) {
          io.out(`${p.id}  ${p.title} · ${statusLabels[p.status]}${p.archived ? ' (archivé)' : ''} · ${countOf(p.linkCount, 'lien')}`);
        }
      });
    },
  },
  dossier: {
    usage: 'kits-ess dossier <projet> --out <fichier.md|fichier.docx> [--data-dir D]',
    summary: 'écrit le dossier d’un projet (identifiant ou début du titre) en Markdown ou en Word, selon l’extension',
    options: { out: { type: 'string' } },
    run({ positionals, values, io, withKb }) {
      const [wanted] = positionals;
      if (!wanted || positionals.length > 1) throw new UsageError('Indiquez un projet : son identifiant ou le début de son titre.');
      const out = values.out;
      if (typeof out !== 'string') throw new UsageError('Indiquez le fichier à écrire avec --out.');
      const file = path.resolve(out);
      if (outFormat(out) === 'docx') {
        return withKb(async (kb) => {
          const project = findProject(kb, wanted);
          writeNewFile(file, Buffer.from((await call(kb, 'exportDossierDocx', { id: project.id })).base64, 'base64'));
          io.out(`Dossier « ${project.title} » écrit dans ${out}.`);
        });
      }
      withKb((kb) => {
        const project = findProject(kb, wanted);
        writeNewFile(file, call(kb, 'exportDossier', { id: project.id }).markdown);
        io.out(`Dossier « ${project.title} » écrit dans ${out}.`);
      });
    },
  },
  levers: {
    usage: 'kits-ess levers [--kit K] [--json] [--data-dir D]',
    summary: 'liste les leviers des fiches (« Ce que peut faire la collectivité ») avec leurs identifiants',
    options: { kit: { type: 'string' }, ...json },
    run({ positionals, values, io, withKb }) {
      if (positionals.length > 0) throw new UsageError('« levers » ne prend pas d’argument (utilisez --kit).');
      withKb((kb) => {
        const levers = call(kb, 'listLevers', typeof values.kit === 'string' ? { kit: values.kit } : {});
        if (values.json) {
          io.out(JSON.stringify(levers, null, 2));
          return;
        }
        let fiche = '';
        for (const lever of levers) {
          const heading = `${lever.kitTitle}, fiche ${lever.number} : ${lever.ficheTitle}`;
          if (heading !== fiche) io.out(`${fiche ? '\n' : ''}${(fiche = heading)}`);
          io.out(`  ${lever.id}\t${lever.competence ? `${lever.competence} › ` : ''}${lever.title}`);
        }
      });
    },
  },
  roadmap: {
    usage: 'kits-ess roadmap [add <levier> [--status S]] [--roadmap programme|adoptee] [--by competence|target|status] [--out F.docx|F.md|F.csv] [--json] [--data-dir D]',
    summary: 'affiche ou exporte la feuille de route ; « add » y ajoute un levier (identifiant donné par « kits-ess levers »)',
    options: { status: { type: 'string' }, roadmap: { type: 'string' }, by: { type: 'string' }, out: { type: 'string' }, ...json },
    run(context) {
      return runRoadmap(context);
    },
  },
  'export-data': {
    usage: 'kits-ess export-data <fichier.json> [--data-dir D]',
    summary: 'exporte vos données (territoire, projets, liens, annotations) pour un autre poste',
    options: {},
    run({ positionals, io, withKb }) {
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('Indiquez le fichier à écrire.');
      withKb((kb) => {
        writeNewFile(path.resolve(file), call(kb, 'exportUserData', {}).json);
        io.out(`Données exportées dans ${file}.`);
      });
    },
  },
  'merge-data': {
    usage: 'kits-ess merge-data <fichier.json> [--data-dir D]',
    summary: 'fusionne un export de données d’un autre poste (sans doublon ; la version la plus récente l’emporte)',
    options: {},
    run({ positionals, io, withKb, dataDir }) {
      const [file] = positionals;
      if (!file) throw new UsageError('Indiquez le fichier d’export à fusionner.');
      if (positionals.length > 1) throw new UsageError('Indiquez un seul fichier d’export à la fois.');
      const text = readUserFile(path.resolve(file), maxExportBytes);
      withKb((kb) => {
        const r = call(kb, 'importUserData', { json: text });
        const counts = (c: typeof r.added) =>
          [
            countOf(c.annotations, 'annotation'),
            countOf(c.projects, 'projet'),
            countOf(c.links, 'lien'),
            countOf(c.roadmapItems, 'levier de feuille de route', 'leviers de feuille de route'),
          ].join(', ');
        io.out(`Ajouté : ${counts(r.added)}.`);
        io.out(`Mis à jour : ${counts(r.updated)}. Inchangé : ${r.unchanged}.`);
        for (const c of r.conflicts) {
          io.out(`${recordKindLabels[c.kind]} « ${c.label} » différent sur les deux postes : version ${c.kept === 'local' ? 'de ce poste' : 'importée'} conservée (la plus récente).`);
        }
        for (const skipped of r.skipped) io.out(`Ignoré : ${skipped}`);
        for (const corrected of r.corrected) io.out(`Corrigé : ${corrected}`);
        if (r.territoryNotApplied) io.out(territoryNotAppliedLine(r.territoryNotApplied));
        if (r.backupBeforeImport) {
          const backup = path.join(backupsDir(dataDir), r.backupBeforeImport);
          io.out(`Des versions de ce poste ont été remplacées ; la base d’avant l’import est sauvegardée : kits-ess restore "${backup}"`);
        }
      });
    },
  },
  annotations: {
    usage: 'kits-ess annotations [--kit K] [--json | --out <fichier.md|fichier.docx>] [--data-dir D]',
    summary: 'liste vos annotations (passage, note, étiquettes), ou les écrit en Markdown ou en Word selon l’extension de --out',
    options: { kit: { type: 'string' }, out: { type: 'string' }, ...json },
    run({ positionals, values, io, withKb }) {
      if (positionals.length > 0) throw new UsageError('« annotations » ne prend pas d’argument (utilisez --kit).');
      const kit = typeof values.kit === 'string' ? values.kit : undefined;
      if (typeof values.out === 'string') {
        if (values.json) throw new UsageError('Choisissez --json ou --out, pas les deux.');
        return writeAnnotations(withKb, kit, values.out, io);
      }
      withKb((kb) => {
        if (kit) checkKnown('Kit', [kit], call(kb, 'listKits', {}).map((k) => k.slug));
        const list = call(kb, 'listAnnotations', kit ? { kit } : {});
        if (values.json) {
          io.out(JSON.stringify(list, null, 2));
          return;
        }
        io.out(`${list.length} annotation${list.length > 1 ? 's' : ''}`);
        for (const a of list) {
          const where = `${a.kitTitle ?? a.kit} · fiche ${a.number}${a.ficheTitle ? ` : ${a.ficheTitle}` : ''}`;
          const state = a.status === 'orphan' ? ' (passage introuvable)' : a.status === 'fiche' ? ' (note sur la fiche)' : '';
          io.out('');
          io.out(`${where}${state}`);
          if (a.selector) io.out(`  « ${a.selector.exact} »`);
          if (a.note) io.out(`  ${a.note.replace(/\n/g, '\n  ')}`);
          if (a.tags.length > 0) io.out(`  Étiquettes : ${a.tags.join(', ')}`);
        }
      });
    },
  },
  documents: {
    usage: 'kits-ess documents add <fichier>... [--password P] | list [--json] | remove <id> --yes [--data-dir D]',
    summary: 'la bibliothèque : importe des documents (PDF, Word, Markdown, HTML, texte), les liste ou en retire un',
    options: { ...json, yes: { type: 'boolean' }, password: { type: 'string' } },
    run({ positionals, values, io, withKb }) {
      const [action, ...args] = positionals;
      if (action === 'add') {
        if (args.length === 0) throw new UsageError('Indiquez au moins un fichier à importer.');
        const password = typeof values.password === 'string' ? values.password : undefined;
        return withKb((kb) => addDocuments(kb, args, password, io));
      }
      if (action === 'list') {
        if (args.length > 0) throw new UsageError('« documents list » ne prend pas d’argument.');
        return withKb((kb) => {
          const list = call(kb, 'listDocuments', {});
          if (values.json) {
            io.out(JSON.stringify(list, null, 2));
            return;
          }
          io.out(countOf(list.length, 'document'));
          for (const d of list) io.out(documentLine(d));
        });
      }
      if (action === 'remove') {
        const [id] = args;
        if (!id || args.length > 1) throw new UsageError('Indiquez l’identifiant d’un document (voir « documents list »).');
        return withKb((kb) => {
          const document = findDocument(kb, id);
          if (values.yes !== true) {
            throw new UsageError(`Retirer « ${document.title} » de la bibliothèque ? Confirmez avec --yes (ses annotations sont gardées, comme orphelines).`);
          }
          const removed = call(kb, 'removeDocument', { id: document.id });
          io.out(`« ${document.title} » a été retiré de la bibliothèque${removed.orphanedAnnotations > 0 ? ` ; ${countOf(removed.orphanedAnnotations, 'annotation')} gardée(s), orpheline(s)` : ''}.`);
        });
      }
      throw new UsageError('Choisissez « documents add », « documents list » ou « documents remove ».');
    },
  },
  backup: {
    usage: 'kits-ess backup <fichier> [--force] [--data-dir D]',
    summary: 'copie la base (annotations, projets…) dans un fichier ; --force remplace un fichier existant',
    options: { force: { type: 'boolean' } },
    run({ positionals, values, io, withKb }) {
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UsageError('Indiquez le fichier de sauvegarde à écrire.');
      withKb((kb) => {
        const info = backupTo(kb.db, path.resolve(file), { overwrite: values.force === true });
        io.out(`Sauvegarde écrite : ${info.file} (${formatSize(info.size)}, ${countOf(info.annotations, 'annotation')}).`);
      });
    },
  },
  restore: {
    usage: 'kits-ess restore <fichier> [--data-dir D]  |  kits-ess restore --new-database [--data-dir D]',
    summary: 'remplace la base par une sauvegarde, vérifiée d’abord (la base actuelle est mise de côté) ; --new-database repart d’une base neuve après une base illisible',
    options: { 'new-database': { type: 'boolean' } },
    run({ positionals, values, io, dataDir }) {
      if (values['new-database'] === true) {
        if (positionals.length > 0) throw new UsageError('--new-database ne prend pas de fichier.');
        const { kb, keptAs } = startFresh({ dataDir, appVersion: appVersion(), bundledContentDir });
        io.out(`Base neuve créée : ${kb.databasePath}. Elle contient les kits livrés, sans annotations ni projets.`);
        if (keptAs) io.out(`L’ancienne base reste de côté : ${keptAs}`);
        kb.close();
        return;
      }
      const [file] = positionals;
      if (!file || positionals.length > 1) {
        const known = listBackups(dataDir).map((b) => `  ${path.join(backupsDir(dataDir), b.name)}`);
        throw new UsageError(
          ['Indiquez le fichier de sauvegarde à restaurer.', ...(known.length > 0 ? ['Sauvegardes de ce dossier :', ...known] : [])].join('\n'),
        );
      }
      // Opened as every command opens it, so that a restored base that cannot be used is undone at once.
      const { kb, report } = KnowledgeBase.restoreAndOpen({ dataDir, appVersion: appVersion(), bundledContentDir }, path.resolve(file));
      kb.close();
      io.out(`Base restaurée depuis ${report.restoredFrom} (${countOf(report.annotations, 'annotation')}).`);
      if (report.previousSavedAs) io.out(`La base remplacée est gardée de côté : ${report.previousSavedAs}`);
    },
  },
};

/** `annotations --out`: every annotation (of --kit), in Markdown or Word after the file's extension. */
function writeAnnotations(withKb: Context['withKb'], kit: string | undefined, out: string, io: CliIo): void | Promise<void> {
  const file = path.resolve(out);
  const annotationsOf = (kb: KnowledgeBase) => {
    if (kit) checkKnown('Kit', [kit], call(kb, 'listKits', {}).map((k) => k.slug));
    const list = call(kb, 'listAnnotations', kit ? { kit } : {});
    if (list.length === 0) throw new KbError('invalid_input', 'Aucune annotation à exporter : rien n’a été écrit.');
    return list;
  };
  const written = (count: number) => io.out(`${count > 1 ? `${count} annotations écrites` : '1 annotation écrite'} dans ${out}.`);
  if (outFormat(out) === 'docx') {
    return withKb(async (kb) => {
      const list = annotationsOf(kb);
      const { base64 } = await call(kb, 'exportAnnotationsDocx', { ids: list.map((a) => a.id) });
      writeNewFile(file, Buffer.from(base64, 'base64'));
      written(list.length);
    });
  }
  withKb((kb) => {
    const list = annotationsOf(kb);
    writeNewFile(file, call(kb, 'exportAnnotations', kit ? { kit } : {}).markdown);
    written(list.length);
  });
}

/** A project named by its id, its exact title or the unique beginning of its title (case and accents ignored). */
function findProject(kb: KnowledgeBase, wanted: string): { id: string; title: string } {
  const all = call(kb, 'listProjects', { includeArchived: true });
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase('fr').trim();
  const byId = all.find((p) => p.id === wanted);
  if (byId) return byId;
  const exact = all.filter((p) => fold(p.title) === fold(wanted));
  const matches = exact.length > 0 ? exact : all.filter((p) => fold(p.title).startsWith(fold(wanted)));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) throw new KbError('not_found', `Aucun projet ne s’appelle « ${wanted} ». La liste : kits-ess projects`);
  throw new KbError('invalid_input', `Plusieurs projets commencent par « ${wanted} » : ${matches.map((p) => p.title).join(' ; ')}. Précisez.`);
}

/** Imports each file in turn, waiting for its text to be read; one refused file does not stop the others. */
async function addDocuments(kb: KnowledgeBase, files: readonly string[], password: string | undefined, io: CliIo): Promise<void> {
  let failures = 0;
  for (const file of files) {
    try {
      // A path goes to core directly: the API takes bytes only.
      const started = kb.imports.start({ path: path.resolve(file), ...(password === undefined ? {} : { password }) });
      const job = await kb.imports.wait(started.jobId);
      if (job.result) {
        io.out(job.result.message);
        const suggested = job.result.document.suggestedFiche;
        if (suggested && !job.result.alreadyInLibrary) {
          io.out(`  C’est la fiche n° ${suggested.number} de ${suggested.kitTitle ?? suggested.kit}${suggested.title ? ` (${suggested.title})` : ''} : l’application propose de l’y rattacher.`);
        }
      } else {
        failures += 1;
        const hint = job.state === 'password-required' ? ' (option --password)' : '';
        io.err(`${file} : ${job.error ?? 'import interrompu.'}${hint}`);
      }
    } catch (error) {
      if (!(error instanceof KbError)) throw error;
      failures += 1;
      io.err(`${file} : ${error.message}`);
    }
  }
  if (failures > 0) throw new KbError('invalid_input', `${countOf(failures, 'fichier')} non importé(s).`);
}

/** A document by its identifier (SHA-256) or the first characters of it, as « documents list » shows. */
function findDocument(kb: KnowledgeBase, wanted: string): DocumentSummary {
  const prefix = wanted.toLowerCase();
  if (!/^[0-9a-f]{6,64}$/.test(prefix)) throw new UsageError('L’identifiant d’un document est son empreinte (au moins 6 caractères, voir « documents list »).');
  const found = call(kb, 'listDocuments', {}).filter((d) => d.id.startsWith(prefix));
  if (found.length === 0) throw new KbError('not_found', `Aucun document de la bibliothèque n’a l’identifiant ${wanted}.`);
  if (found.length > 1) throw new KbError('invalid_input', `Plusieurs documents commencent par ${wanted} : donnez plus de caractères.`);
  return found[0] as DocumentSummary;
}

function documentLine(d: DocumentSummary): string {
  const details = [formatLabels[d.format], countOf(d.pageCount, 'page'), formatSize(d.size)];
  if (d.scanned) details.push(scannedDocumentLabel);
  if (d.originalMissing) details.push(`${missingOriginalLabel.charAt(0).toLowerCase()}${missingOriginalLabel.slice(1)} (kits-ess documents add)`);
  if (d.fiche) details.push(`texte officiel de la fiche ${d.fiche.number} de ${d.fiche.kitTitle ?? d.fiche.kit}`);
  return `${d.id.slice(0, 12)}  ${d.title} (${details.join(', ')})`;
}

/** Refuses a filter value that names nothing (a mistyped kit or theme would silently find nothing). */
function checkKnown(label: string, values: readonly string[], known: readonly string[]): void {
  const unknown = values.filter((value) => !known.includes(value));
  if (unknown.length > 0) {
    throw new KbError('invalid_input', `${label} inconnu : ${unknown.map((u) => `« ${u} »`).join(', ')}. Valeurs possibles : ${known.join(', ')}.`);
  }
}

/** Reads a file the user named, refusing a missing, oversized or non-UTF-8 file with a French message. */
function readUserFile(file: string, maxBytes: number): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new KbError('invalid_input', `Fichier introuvable : ${file}.`);
  }
  if (size > maxBytes) throw new KbError('invalid_input', `Fichier trop volumineux (${Math.ceil(size / 1024 / 1024)} Mo ; au plus ${maxBytes / 1024 / 1024} Mo) : rien n’a été importé.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    throw new KbError('invalid_input', `${file} n’est pas un fichier texte UTF-8 : rien n’a été importé.`);
  }
}

/** Writes a file the user named, refusing to replace an existing one. */
function writeNewFile(file: string, text: string | Uint8Array): void {
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new KbError('invalid_input', `Le fichier ${file} existe déjà : choisissez un autre nom.`);
    if (code === 'ENOENT') throw new KbError('invalid_input', `Le dossier ${path.dirname(file)} n’existe pas : rien n’a été écrit.`);
    if (code === 'EISDIR') throw new KbError('invalid_input', `${file} est un dossier : indiquez un nom de fichier.`);
    if (code === 'EACCES' || code === 'EPERM') throw new KbError('invalid_input', `Kits ESS n’a pas le droit d’écrire ${file}.`);
    throw new KbError('invalid_input', `Impossible d’écrire ${file} (${code ?? 'erreur inconnue'}).`);
  }
}

/** A result's marked words between « », for a terminal. */
function segmentsText(segments: readonly { text: string; mark: boolean }[]): string {
  return segments.map((s) => (s.mark ? `«${s.text}»` : s.text)).join('');
}

/** `kits-ess roadmap`: list, export, or `add <lever-id>`. Accents of a status are optional (engagé or engage). */
function runRoadmap({ positionals, values, io, withKb }: Context): void | Promise<void> {
  const roadmap = typeof values.roadmap === 'string' ? values.roadmap : 'programme';
  const groupBy = typeof values.by === 'string' ? values.by : 'competence';
  const [action, leverId, ...extra] = positionals;
  if (action === 'add') {
    if (!leverId || extra.length > 0) throw new UsageError('Indiquez un seul levier à ajouter (kits-ess levers donne les identifiants).');
    const status = typeof values.status === 'string' ? foldWord(values.status) : undefined;
    return withKb((kb) => {
      const item = call(kb, 'addRoadmapItem', { roadmap, leverId, ...(status === undefined ? {} : { status }) });
      io.out(`Levier « ${item.lever.title} » ajouté à « ${roadmapKindLabels[item.roadmap]} » (${roadmapStatusLabels[item.status]}).`);
    });
  }
  if (action !== undefined) throw new UsageError(`Action inconnue : ${action}. Seule « add » existe.`);
  if (values.status !== undefined) throw new UsageError('--status ne sert qu’avec « add ».');
  const out = values.out;
  if (typeof out === 'string') {
    const file = path.resolve(out);
    const extension = path.extname(out).toLowerCase();
    if (extension === '.docx') {
      return withKb(async (kb) => {
        writeNewFile(file, Buffer.from((await call(kb, 'exportRoadmapDocx', { roadmap, groupBy })).base64, 'base64'));
        io.out(`Feuille de route écrite dans ${out}.`);
      });
    }
    if (extension !== '.md' && extension !== '.csv') throw new UsageError('Le fichier --out se termine par .docx, .md ou .csv.');
    return withKb((kb) => {
      writeNewFile(file, call(kb, 'exportRoadmap', { roadmap, groupBy, format: extension.slice(1) }).text);
      io.out(`Feuille de route écrite dans ${out}.`);
    });
  }
  return withKb((kb) => {
    const items = call(kb, 'listRoadmap', { roadmap });
    if (values.json) {
      io.out(JSON.stringify(items, null, 2));
      return;
    }
    if (items.length === 0) io.out(`« ${roadmapKindLabels[roadmap as RoadmapKind] ?? roadmap} » est vide : kits-ess roadmap add <levier>.`);
    for (const item of items) {
      const facts = [roadmapStatusLabels[item.status], targetLabel(item.target), item.official].filter(Boolean).join(' · ');
      io.out(`${item.lever.title} (${item.lever.kitTitle}, fiche ${item.lever.number}) : ${facts}${item.overdue ? ' · échéance dépassée' : ''}`);
    }
  });
}

function helpText(): string {
  const lines = ['Kits ESS en ligne de commande.', '', 'Usage :'];
  for (const command of Object.values(commands)) lines.push(`  ${command.usage}`, `      ${command.summary}`);
  for (const line of teamUsage) lines.push(`  ${line}`);
  lines.push('', 'Par défaut, les données sont dans le dossier de l’application ; --data-dir en choisit un autre.');
  return lines.join('\n');
}

/**
 * Runs one command line; returns the process exit code (0 ok, 1 bad input, 2 usage), or a
 * promise of it for a command that finishes later (writing a Word file).
 */
export function runCli(argv: string[], io: CliIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Commande inconnue : ${name}.\n\n${helpText()}`);
    return exitCodes.usage;
  }
  const failed = (error: unknown): number => {
    if (error instanceof KbError) {
      io.err(error.message);
      for (const detail of error.details) io.err(detail);
      return exitCodes.badInput;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${usageMessage(error, name)}\nUsage : ${command.usage}`);
      return exitCodes.usage;
    }
    throw error;
  };
  try {
    const { positionals, values } = parseArgs({
      args: rest,
      options: { ...command.options, 'data-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
    const done = command.run({
      positionals,
      values,
      io,
      dataDir,
      withKb: (work) => {
        // A database that cannot be read is set aside, and the message gives the commands to run.
        const kb = openOrExplain({ dataDir, appVersion: appVersion(), bundledContentDir });
        let result: ReturnType<typeof work>;
        try {
          result = work(kb);
        } catch (error) {
          kb.close();
          throw error;
        }
        if (result instanceof Promise) return result.finally(() => kb.close()) as typeof result;
        kb.close();
        return result;
      },
    });
    return done instanceof Promise ? done.then(() => exitCodes.ok, failed) : exitCodes.ok;
  } catch (error) {
    return failed(error);
  }
}

function usageMessage(error: Error, commandName: string): string {
  if (error instanceof UsageError) return error.message;
  // node:util's parseArgs speaks English: say the same in French.
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (!option) return 'Arguments invalides.';
  const code = (error as Error & { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `L’option ${option} attend une valeur.`;
  // « -cantine » is an exclusion to the person, an option to the parser.
  const exclusion = commandName === 'search' && /^-[^-]/.test(option) ? ' Pour commencer la recherche par une exclusion : search -- "-mot autre".' : '';
  return `Option inconnue : ${option}.${exclusion}`;
}
