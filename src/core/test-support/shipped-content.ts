/**
 * Reading the real content/ folder shipped with the app, for the content tests: the pack, each
 * fiche's body lines with their line numbers, its sections, paragraphs and sentences.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { bundledContentDir } from '../app-paths';
import { readPack, type ContentPack, type PackFiche, type PackKit } from '../content/read-pack';

/** How content/ is named in messages. */
export const shownRoot = 'content';

/** The kits ship 45 fiches; fewer than this means a check ran on (almost) nothing. */
export const minFiches = 40;

let pack: ContentPack | undefined;
/** Why content/ could not be read, if it could not. */
export let loadError: unknown;
try {
  pack = readPack(bundledContentDir, shownRoot);
} catch (error) {
  loadError = error;
}

export function loaded(): ContentPack {
  if (!pack) throw new Error(`content/ could not be read, see the test "every file parses": ${String(loadError)}`);
  return pack;
}

export function allFiches(): { kit: PackKit; fiche: PackFiche }[] {
  const result = loaded().kits.flatMap((kit) => kit.fiches.map((fiche) => ({ kit, fiche })));
  expect(result.length, 'number of fiches checked').toBeGreaterThan(minFiches);
  return result;
}

/** Absolute path of a fiche (fiche.file is `content/<kit>/<file>.md`). */
export function absolutePath(fiche: PackFiche): string {
  return path.join(bundledContentDir, path.relative(shownRoot, fiche.file));
}

/** Body lines with their line number in the file. */
export function bodyLines(fiche: PackFiche): { line: number; text: string }[] {
  const raw = fs.readFileSync(absolutePath(fiche), 'utf8').replace(/\r\n?/g, '\n');
  const start = raw.indexOf(fiche.bodyMd);
  const firstLine = start < 0 ? 1 : raw.slice(0, start).split('\n').length;
  return fiche.bodyMd.split('\n').map((text, index) => ({ line: firstLine + index, text }));
}

export const normaliseApostrophes = (text: string): string => text.replace(/[’‘ʼ]/g, "'");

/** Level-2 headings of a body, with their line. */
export function sections(fiche: PackFiche): { line: number; title: string; index: number }[] {
  const result: { line: number; title: string; index: number }[] = [];
  bodyLines(fiche).forEach(({ line, text }, index) => {
    const match = /^##\s+(.*?)\s*#*\s*$/.exec(text);
    if (match && !text.startsWith('###')) result.push({ line, title: normaliseApostrophes(match[1] ?? '').trim(), index });
  });
  return result;
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** Abbreviations whose final dot does not end a sentence. */
export const abbreviation = /(?:^|[\s(])(?:art|arts|cf|p|M|Mme|MM|St|ex|env|av|n°|no)\.$/;

export function sentencesOf(text: string): string[] {
  const pieces = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?…][»")’]?)\s+(?=[«"(]?\s?[\p{Lu}\p{N}])/u);
  const result: string[] = [];
  for (const piece of pieces) {
    const previous = result.at(-1);
    if (previous !== undefined && abbreviation.test(previous)) result[result.length - 1] = `${previous} ${piece}`;
    else result.push(piece);
  }
  return result;
}

export interface Unit {
  file: string;
  line: number;
  text: string;
  isBullet: boolean;
}

export const bulletStart = /^\s*(?:[-*+]|\d+[.)])\s+/;

/** Paragraphs and list items of a body (headings excluded), with their first line. */
export function textUnits(fiche: PackFiche): Unit[] {
  const units: Unit[] = [];
  let current: Unit | undefined;
  const flush = (): void => {
    if (current) units.push(current);
    current = undefined;
  };
  for (const { line, text } of bodyLines(fiche)) {
    if (text.trim() === '') {
      flush();
    } else if (/^#{1,6}\s/.test(text)) {
      flush();
    } else if (bulletStart.test(text)) {
      flush();
      current = { file: fiche.file, line, text: text.replace(bulletStart, ''), isBullet: true };
    } else if (current) {
      current.text += ` ${text.trim()}`;
    } else {
      current = { file: fiche.file, line, text: text.replace(/^>\s?/, '').trim(), isBullet: false };
    }
  }
  flush();
  return units;
}

/** Plain text of an inline Markdown fragment: links keep their text, emphasis marks go. */
export function inlinePlain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .trim();
}

export function start(text: string, length = 70): string {
  const plain = inlinePlain(text).replace(/\s+/g, ' ');
  return plain.length > length ? `${plain.slice(0, length)}…` : plain;
}


/** Lines of the level-2 section titled `title` (apostrophes folded), heading excluded. */
export function sectionLines(fiche: PackFiche, title: string): { line: number; text: string }[] {
  const heading = sections(fiche).find((s) => s.title === normaliseApostrophes(title));
  if (!heading) return [];
  const lines = bodyLines(fiche).slice(heading.index + 1);
  const end = lines.findIndex((l) => /^#{1,2}\s/.test(l.text));
  return end < 0 ? lines : lines.slice(0, end);
}

