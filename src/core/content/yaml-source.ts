import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { replaceUnsafeCharacters } from '../../shared/clean-text';
import type { Problem } from './problems';

/** French wording for the YAML errors people actually make when editing by hand. */
const yamlErrorMessages: Record<string, string> = {
  DUPLICATE_KEY: 'clé en double',
  BAD_INDENT: 'indentation incorrecte',
  MISSING_CHAR: 'caractère manquant (guillemet, crochet ou accolade non fermé)',
  MULTILINE_IMPLICIT_KEY: 'une clé ne peut pas s’étendre sur plusieurs lignes (un « : » oublié ?)',
  BLOCK_AS_IMPLICIT_KEY: 'bloc placé là où une clé était attendue',
  UNEXPECTED_TOKEN: 'caractère inattendu',
  BAD_SCALAR_START: 'valeur mal commencée (mettez-la entre guillemets)',
  TAB_AS_INDENT: 'tabulation utilisée pour indenter (utilisez des espaces)',
};

export interface YamlSource {
  file: string;
  /** Lines of the file before the YAML text starts (1 for front matter after `---`). */
  lineOffset: number;
  text: string;
}

export interface ParsedYaml<T> {
  value: T;
  /** File line of the value at `path` (or of its nearest existing parent). */
  lineOf(path: readonly PropertyKey[]): number;
}

/**
 * Parses YAML and validates it with a zod schema, pushing every problem with the file line
 * where it stands. Returns undefined when anything is wrong.
 */
export function parseYaml<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  problems: Problem[],
): ParsedYaml<z.output<S>> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): number => lineCounter.linePos(offset).line + source.lineOffset;
  const lineOf = (path: readonly PropertyKey[]): number => lineOfPath(doc, path, at, source.lineOffset + 1);

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const reason = yamlErrorMessages[error.code] ?? 'syntaxe YAML invalide';
      problems.push({ file: source.file, line: at(error.pos[0]), message: `YAML invalide : ${reason}.` });
    }
    return undefined;
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (error) {
    // yaml throws (in English) when aliases would expand too far, or name no anchor.
    const bomb = error instanceof Error && error.message.startsWith('Excessive alias count');
    problems.push({
      file: source.file,
      line: firstAliasLine(doc, at, source.lineOffset + 1),
      message: bomb
        ? 'YAML refusé : trop d’alias (* ou <<) à développer, comme dans un fichier piégé ; écrivez les valeurs en entier.'
        : 'YAML invalide : un alias (*nom) ne renvoie à aucune ancre (&nom) définie avant lui.',
    });
    return undefined;
  }
  // Escapes in quoted YAML ("\0", "\ud800") make what the raw-text cleaning could not see.
  const result = schema.safeParse(withCleanStrings(data));
  if (result.success) return { value: result.data, lineOf };
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.');
    problems.push({
      file: source.file,
      line: lineOf(issue.path),
      message: field ? `${field} : ${issue.message}` : issue.message,
    });
  }
  return undefined;
}

/** Every string of parsed YAML, NUL and lone surrogates replaced as in the rest of the pack. */
function withCleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return replaceUnsafeCharacters(value);
  if (Array.isArray(value)) return value.map(withCleanStrings);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [replaceUnsafeCharacters(key), withCleanStrings(item)]));
  }
  return value;
}

/** Aliases a pack file may expand: plenty for hand-written YAML, far too few for a « billion laughs ». */
const maxAliasCount = 100;

function firstAliasLine(doc: Document, at: (offset: number) => number, fallback: number): number {
  let line = fallback;
  visit(doc, {
    Alias(_, node) {
      if (node.range) line = at(node.range[0]);
      return visit.BREAK;
    },
  });
  return line;
}

function lineOfPath(
  doc: Document,
  path: readonly PropertyKey[],
  at: (offset: number) => number,
  fallback: number,
): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return at(node.range[0]);
  }
  return fallback;
}

export interface FrontMatterSplit {
  yaml: YamlSource;
  body: string;
}

/** Splits `---` front matter from the Markdown body; undefined when the file has none. */
export function splitFrontMatter(file: string, text: string): FrontMatterSplit | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0) return undefined;
  return {
    yaml: { file, lineOffset: 1, text: lines.slice(1, end).join('\n') },
    body: lines.slice(end + 1).join('\n').trim(),
  };
}
