import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { replaceUnsafeCharacters } from '../../shared/clean-text';
import { KbError } from '../../shared/errors';
import { parseLevers } from '../../shared/markdown/levers';
import { markdownToPlainText } from '../../shared/markdown/plain-text';
import { kitSlugSchema, type GlossaryEntry } from '../../shared/schemas';
import {
  ficheFrontMatterSchema,
  glossaryFileSchema,
  kitFileSchema,
  vocabularySchema,
  type KitFile,
  type Vocabulary,
} from './pack-schemas';
import { readPackFile, symlinkProblem } from './pack-file';
import { formatProblem, type Problem } from './problems';
import { parseYaml, splitFrontMatter } from './yaml-source';

export { maxContentFileBytes } from './pack-file';

const ficheFileName = /^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

export interface PackFiche {
  file: string;
  number: number;
  slug: string;
  title: string;
  summary: string;
  themes: string[];
  competences: string[];
  echelons: string[];
  sourceUrl: string;
  complement: string | null;
  bodyMd: string;
  bodyText: string;
  contentHash: string;
}

export interface PackKit {
  slug: string;
  meta: KitFile;
  fiches: PackFiche[];
  contentHash: string;
}

export interface ContentPack {
  kits: PackKit[];
  /** Absent from packs built in memory (benchmarks): the stored vocabulary is then kept. */
  vocabulary?: Vocabulary;
  /** Null when the pack ships no glossary: the one already in the database is kept. */
  glossary: GlossaryEntry[] | null;
  /** The newest kit edition of the pack. */
  edition: string;
}

/**
 * Reads and validates a whole content pack (vocabulaire.yml, optional glossaire.yml, one
 * folder per kit) without touching any database. Every problem is collected; if there is
 * one, a KbError lists them all as `path:line: reason`.
 * `displayRoot` is how the pack folder is named in messages (the path the user typed).
 */
export function readPack(root: string, displayRoot: string = root): ContentPack {
  const problems: Problem[] = [];
  const shown = (file: string): string => path.join(displayRoot, path.relative(root, file));

  if (!isDirectory(root)) {
    throw new KbError('invalid_content', `Le dossier de contenu ${displayRoot} est introuvable.`);
  }

  const vocabularyFile = path.join(root, 'vocabulaire.yml');
  const vocabularyText = readContentFile(vocabularyFile, shown(vocabularyFile), problems);
  const vocabulary =
    vocabularyText === undefined
      ? undefined
      : parseYaml({ file: shown(vocabularyFile), lineOffset: 0, text: vocabularyText }, vocabularySchema, problems)?.value;

  const glossaryFile = path.join(root, 'glossaire.yml');
  let glossary: GlossaryEntry[] | null = null;
  if (isPresent(glossaryFile)) {
    const text = readContentFile(glossaryFile, shown(glossaryFile), problems);
    const entries =
      text === undefined ? undefined : parseYaml({ file: shown(glossaryFile), lineOffset: 0, text }, glossaryFileSchema, problems);
    if (entries) {
      glossary = entries.value.map((e) => ({
        term: e.terme,
        longForm: e.forme_longue ?? null,
        definition: e.definition,
        variants: e.variantes,
      }));
    }
  }

  const entries = fs.readdirSync(root, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.'));
  // A linked folder could lead anywhere on the disk: it is reported, not followed nor skipped.
  // (Linked vocabulaire.yml and glossaire.yml are reported when they are read.)
  for (const entry of entries) {
    if (entry.isSymbolicLink() && entry.name !== 'vocabulaire.yml' && entry.name !== 'glossaire.yml') {
      problems.push({ file: shown(path.join(root, entry.name)), line: 1, message: symlinkProblem });
    }
  }
  const kitDirs = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(root, entry.name))
    .filter((dir) => isPresent(path.join(dir, 'kit.yml')))
    .sort();
  if (kitDirs.length === 0) {
    problems.push({ file: displayRoot, line: 1, message: 'aucun kit trouvé (un dossier par kit, contenant kit.yml).' });
  }

  const kits = kitDirs.map((dir) => readKit(dir, vocabulary, shown, problems));

  if (problems.length > 0 || !vocabulary) {
    throw new KbError(
      'invalid_content',
      `Le contenu ${displayRoot} est refusé (${problems.length} problème${problems.length > 1 ? 's' : ''}) ; rien n’a été importé.`,
      problems.map(formatProblem),
    );
  }
  const valid = kits.filter((kit): kit is PackKit => kit !== undefined);
  return { kits: valid, vocabulary, glossary, edition: valid.map((kit) => kit.meta.edition).sort().at(-1) ?? '' };
}

function readKit(
  dir: string,
  vocabulary: Vocabulary | undefined,
  shown: (file: string) => string,
  problems: Problem[],
): PackKit | undefined {
  const kitFile = path.join(dir, 'kit.yml');
  const slug = path.basename(dir);
  const before = problems.length;
  if (!kitSlugSchema.safeParse(slug).success) {
    problems.push({
      file: shown(dir),
      line: 1,
      message: 'le nom du dossier d’un kit ne doit contenir que des minuscules sans accent, des chiffres et des tirets.',
    });
  }
  const kitText = readContentFile(kitFile, shown(kitFile), problems);
  const parsedKit =
    kitText === undefined ? undefined : parseYaml({ file: shown(kitFile), lineOffset: 0, text: kitText }, kitFileSchema, problems);
  const meta = parsedKit?.value;

  const fiches: PackFiche[] = [];
  const numbers = new Map<number, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue;
    const file = path.join(dir, name);
    const match = ficheFileName.exec(name);
    if (!match) {
      problems.push({
        file: shown(file),
        line: 1,
        message: 'nom de fichier non conforme : attendu NN-titre-en-minuscules.md (par exemple 07-commande-publique.md).',
      });
      continue;
    }
    const fiche = readFiche(file, shown(file), Number(match[1]), match[2] ?? '', meta, vocabulary, problems);
    if (!fiche) continue;
    const previous = numbers.get(fiche.number);
    if (previous) {
      problems.push({ file: shown(file), line: 2, message: `numéro ${fiche.number} déjà utilisé par ${previous}.` });
    }
    numbers.set(fiche.number, shown(file));
    fiches.push(fiche);
  }

  if (parsedKit) {
    parsedKit.value.missing.forEach((missing, index) => {
      if (numbers.has(missing.number)) {
        problems.push({
          file: shown(kitFile),
          line: parsedKit.lineOf(['missing', index, 'number']),
          message: `la fiche ${missing.number} est déclarée manquante mais le fichier ${numbers.get(missing.number)} existe.`,
        });
      }
    });
  }

  if (problems.length > before || !meta || kitText === undefined) return undefined;
  fiches.sort((a, b) => a.number - b.number);
  return { slug, meta, fiches, contentHash: sha256(kitText) };
}

function readFiche(
  file: string,
  displayFile: string,
  fileNumber: number,
  slug: string,
  kit: KitFile | undefined,
  vocabulary: Vocabulary | undefined,
  problems: Problem[],
): PackFiche | undefined {
  const text = readContentFile(file, displayFile, problems);
  if (text === undefined) return undefined;
  const split = splitFrontMatter(displayFile, text);
  if (!split) {
    problems.push({
      file: displayFile,
      line: 1,
      message: 'en-tête YAML absent : le fichier doit commencer par une ligne --- puis se terminer par une ligne ---.',
    });
    return undefined;
  }
  const before = problems.length;
  const parsed = parseYaml(split.yaml, ficheFrontMatterSchema, problems);
  if (!parsed) return undefined;
  const front = parsed.value;
  const problem = (fieldPath: (string | number)[], message: string): void => {
    problems.push({ file: displayFile, line: parsed.lineOf(fieldPath), message });
  };

  if (front.numero !== fileNumber) {
    problem(['numero'], `le numéro ${front.numero} ne correspond pas au nom du fichier (${String(fileNumber).padStart(2, '0')}-…).`);
  }
  if (vocabulary) {
    const checkTerms = (field: string, values: string[], allowed: readonly string[], what: string): void => {
      values.forEach((value, index) => {
        if (!allowed.includes(value)) problem([field, index], `${what} « ${value} » absent du vocabulaire (vocabulaire.yml).`);
      });
    };
    checkTerms('themes', front.themes, vocabulary.themes, 'thème');
    checkTerms('echelons', front.echelons, vocabulary.echelons, 'échelon');
    if (kit) {
      checkTerms('competences', front.competences, vocabulary.competences[kit.scale], `compétence (${kit.scale})`);
    }
  }
  if (!split.body) {
    problems.push({ file: displayFile, line: split.yaml.text.split('\n').length + 2, message: 'la fiche n’a pas de texte après l’en-tête.' });
  }
  // The levers of « Ce que peut faire la collectivité » follow content/STYLE.md, or the fiche is refused.
  const bodyFirstLine = bodyStartLine(text, split.yaml.text.split('\n').length + 2);
  for (const lever of parseLevers(split.body).problems) {
    problems.push({ file: displayFile, line: bodyFirstLine + lever.line - 1, message: lever.message });
  }
  if (problems.length > before) return undefined;

  return {
    file: displayFile,
    number: front.numero,
    slug,
    title: front.titre,
    summary: front.resume,
    themes: front.themes,
    competences: front.competences,
    echelons: front.echelons,
    sourceUrl: front.source,
    complement: front.complement ?? null,
    bodyMd: split.body,
    bodyText: markdownToPlainText(split.body),
    contentHash: sha256(text),
  };
}

/** The 1-based file line where the trimmed body begins: the first non-blank line after the closing `---`. */
function bodyStartLine(text: string, afterFrontMatter: number): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const index = lines.findIndex((line, i) => i >= afterFrontMatter && line.trim() !== '');
  return index < 0 ? afterFrontMatter + 1 : index + 1;
}

/** Reads a pack file under the rules of pack-file.ts (regular file, size limit, UTF-8). */
function readContentFile(file: string, displayFile: string, problems: Problem[]): string | undefined {
  const read = readPackFile(file);
  if ('text' in read) return replaceUnsafeCharacters(read.text);
  problems.push({ file: displayFile, line: 1, message: 'problem' in read ? read.problem : 'fichier introuvable.' });
  return undefined;
}

/** Whether anything (even a link or a FIFO, to be refused when read) stands at `file`. */
function isPresent(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
