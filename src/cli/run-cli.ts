import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { appVersion, bundledContentDir } from '../core/app-paths';
import { KnowledgeBase } from '../core/knowledge-base';
import { defaultDataDir } from '../core/paths';
import { apiMethods, type MethodName, type MethodOutput } from '../shared/api';
import { describeIssues } from '../shared/dispatch';
import { KbError } from '../shared/errors';
import { scaleLabels } from '../shared/schemas';

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
  /** Opens the knowledge base of --data-dir, with the bundled kits imported. */
  open(): KnowledgeBase;
}

interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: Context): void;
}

const json = { json: { type: 'boolean' } } as const;

/** Calls an API method through its schema, exactly as the UI would. */
function call<M extends MethodName>(kb: KnowledgeBase, method: M, input: unknown): MethodOutput<M> {
  const parsed = apiMethods[method].input.safeParse(input);
  if (!parsed.success) throw new KbError('invalid_input', 'Arguments invalides.', describeIssues(parsed.error.issues));
  const handler = kb.handlers()[method] as (value: unknown) => MethodOutput<M>;
  return handler(parsed.data);
}

function ficheNumber(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError('Le numéro de fiche doit être un nombre entier.');
  return Number(raw);
}

const commands: Record<string, Command> = {
  import: {
    usage: 'kits-ess import <dossier> [--data-dir D]',
    summary: 'importe un paquet de contenu (vocabulaire.yml et un dossier par kit)',
    options: {},
    run({ positionals, io, open }) {
      const [folder] = positionals;
      if (!folder || positionals.length > 1) throw new UsageError('Indiquez un seul dossier à importer.');
      const kb = open();
      try {
        const r = kb.importPack(path.resolve(folder), folder);
        io.out(
          `Import terminé : ${r.kitsAdded} kit(s) ajouté(s), ${r.kitsUpdated} mis à jour ; ` +
            `${r.fichesAdded} fiche(s) ajoutée(s), ${r.fichesUpdated} mise(s) à jour, ${r.fichesRemoved} retirée(s), ` +
            `${r.fichesUnchanged} inchangée(s).`,
        );
      } finally {
        kb.close();
      }
    },
  },
  list: {
    usage: 'kits-ess list [--kit K] [--json] [--data-dir D]',
    summary: 'liste les kits, ou les fiches d’un kit',
    options: { kit: { type: 'string' }, ...json },
    run({ positionals, values, io, open }) {
      if (positionals.length > 0) throw new UsageError('« list » ne prend pas d’argument (utilisez --kit).');
      const kb = open();
      try {
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
      } finally {
        kb.close();
      }
    },
  },
  show: {
    usage: 'kits-ess show <kit> <numero> [--json] [--data-dir D]',
    summary: 'affiche une fiche',
    options: { ...json },
    run({ positionals, values, io, open }) {
      if (positionals.length !== 2) throw new UsageError('Indiquez le kit et le numéro de la fiche.');
      const number = ficheNumber(positionals[1]);
      const kb = open();
      try {
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
      } finally {
        kb.close();
      }
    },
  },
  search: {
    usage: 'kits-ess search "<recherche>" [--kit K] [--theme T] [--limit N] [--json] [--data-dir D]',
    summary: 'cherche dans les fiches (mots, "expression exacte", -exclusion, OU)',
    options: { kit: { type: 'string', multiple: true }, theme: { type: 'string', multiple: true }, limit: { type: 'string' }, ...json },
    run({ positionals, values, io, open }) {
      if (positionals.length !== 1) throw new UsageError('Indiquez la recherche entre guillemets.');
      const limit = values.limit === undefined ? 10 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit attend un nombre de 1 à 100.');
      const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
      const kb = open();
      try {
        // A finished query: the last word is not a prefix being typed.
        const result = call(kb, 'search', {
          query: `${positionals[0]} `,
          filters: { kit: list(values.kit), theme: list(values.theme), scale: [], competence: [] },
          limit,
          facets: false,
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
          } else {
            io.out(`Annotation · ${hit.kitTitle} · fiche ${hit.number}${hit.ficheTitle ? ` : ${hit.ficheTitle}` : ''}`);
            if (hit.quote.length > 0) io.out(`  « ${segmentsText(hit.quote)} »`);
            if (hit.note.length > 0) io.out(`  ${segmentsText(hit.note)}`);
          }
        }
        if (result.total === 0 && result.suggestions.length > 0) io.out(`Essayez : ${result.suggestions.map((q) => q.trim()).join(' ; ')}`);
      } finally {
        kb.close();
      }
    },
  },
  annotations: {
    usage: 'kits-ess annotations [--kit K] [--json] [--data-dir D]',
    summary: 'liste vos annotations (passage, note, étiquettes)',
    options: { kit: { type: 'string' }, ...json },
    run({ positionals, values, io, open }) {
      if (positionals.length > 0) throw new UsageError('« annotations » ne prend pas d’argument (utilisez --kit).');
      const kb = open();
      try {
        const list = call(kb, 'listAnnotations', typeof values.kit === 'string' ? { kit: values.kit } : {});
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
      } finally {
        kb.close();
      }
    },
  },
};

/** A result's marked words between « », for a terminal. */
function segmentsText(segments: readonly { text: string; mark: boolean }[]): string {
  return segments.map((s) => (s.mark ? `«${s.text}»` : s.text)).join('');
}

function helpText(): string {
  const lines = ['Kits ESS en ligne de commande.', '', 'Usage :'];
  for (const command of Object.values(commands)) lines.push(`  ${command.usage}`, `      ${command.summary}`);
  lines.push('', 'Par défaut, les données sont dans le dossier de l’application ; --data-dir en choisit un autre.');
  return lines.join('\n');
}

/** Runs one command line; returns the process exit code (0 ok, 1 bad input, 2 usage). */
export function runCli(argv: string[], io: CliIo): number {
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
  try {
    const { positionals, values } = parseArgs({
      args: rest,
      options: { ...command.options, 'data-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir();
    command.run({
      positionals,
      values,
      io,
      open: () => KnowledgeBase.open({ dataDir, appVersion: appVersion(), bundledContentDir }),
    });
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof KbError) {
      io.err(error.message);
      for (const detail of error.details) io.err(detail);
      return exitCodes.badInput;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${usageMessage(error)}\nUsage : ${command.usage}`);
      return exitCodes.usage;
    }
    throw error;
  }
}

function usageMessage(error: Error): string {
  if (error instanceof UsageError) return error.message;
  const option = /'(-[^']+)'/.exec(error.message)?.[1];
  return option ? `Option inconnue ou mal formée : ${option}.` : 'Arguments invalides.';
}
