import { Lexer, type Token, type Tokens } from 'marked';
import { markdownToPlainText } from './plain-text';

/** The section of a fiche that lists what the authority can do (content/STYLE.md, « Leviers »). */
export const leversSectionTitle = 'Ce que peut faire la collectivité';
const competenceHeading = /^Au titre (?:de|des|du|d’)\s/;
/** A lever's title is short: beyond this it is a sentence, not a title. */
export const maxLeverTitleLength = 120;

export interface ParsedLever {
  /** The « Au titre de … » heading the lever is listed under, or null. */
  competence: string | null;
  title: string;
  /** Plain text, as the reader shows it. */
  text: string;
  /** 1-based line of the body where the lever starts. */
  line: number;
}

export interface LeverParse {
  levers: ParsedLever[];
  /** Text of the section that the markup rule does not let become a lever, with its body line. */
  problems: { line: number; message: string }[];
}

/**
 * The levers of a fiche's Markdown body. Rule (content/STYLE.md): in « Ce que peut faire la
 * collectivité », a `###` heading is a lever's title and what follows it is its text, unless the
 * heading reads « Au titre de … »: it then names a competence, and each lever under it is a list
 * item opening with a bold title.
 */
export function parseLevers(bodyMd: string): LeverParse {
  const levers: ParsedLever[] = [];
  const problems: LeverParse['problems'] = [];
  let line = 1;
  let inSection = false;
  let competence: string | null = null;
  let current: { lever: ParsedLever; blocks: string[] } | null = null;
  const close = (): void => {
    if (!current) return;
    current.lever.text = markdownToPlainText(current.blocks.join('\n\n'));
    if (!current.lever.text) problems.push({ line: current.lever.line, message: `le levier « ${current.lever.title} » n’a pas de texte.` });
    levers.push(current.lever);
    current = null;
  };
  for (const token of new Lexer().lex(bodyMd) as Token[]) {
    const at = line;
    line += (token.raw.match(/\n/g) ?? []).length;
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      if (heading.depth <= 2) {
        close();
        inSection = heading.depth === 2 && heading.text.trim() === leversSectionTitle;
        competence = null;
        continue;
      }
      if (!inSection) continue;
      if (heading.depth === 3) {
        close();
        const title = markdownToPlainText(heading.text);
        if (competenceHeading.test(title)) {
          competence = title;
        } else {
          competence = null;
          current = { lever: { competence: null, title, text: '', line: at }, blocks: [] };
        }
        continue;
      }
    }
    if (!inSection || token.type === 'space') continue;
    if (current) {
      current.blocks.push(token.raw);
    } else if (competence !== null && token.type === 'list') {
      let itemLine = at;
      for (const item of (token as Tokens.List).items) {
        const titled = boldTitle(item);
        if (titled) levers.push({ competence, title: titled.title, text: markdownToPlainText(titled.rest), line: itemLine });
        else problems.push({ line: itemLine, message: `sous « ${competence} », chaque élément de liste commence par un titre en gras.` });
        itemLine += (item.raw.match(/\n/g) ?? []).length;
      }
    } else {
      problems.push({
        line: at,
        message:
          competence === null
            ? 'texte hors levier : un levier commence par un titre ###.'
            : `texte hors levier sous « ${competence} » : chaque levier est un élément de liste qui commence par un titre en gras.`,
      });
    }
  }
  close();
  for (const lever of levers) {
    if (!lever.title) problems.push({ line: lever.line, message: 'levier sans titre.' });
    else if (lever.title.length > maxLeverTitleLength) {
      problems.push({ line: lever.line, message: `titre de levier trop long (${lever.title.length} caractères, au plus ${maxLeverTitleLength}).` });
    }
  }
  return { levers, problems };
}

/** `- **Titre.** texte` → the title (without its closing punctuation) and the rest of the item. */
function boldTitle(item: Tokens.ListItem): { title: string; rest: string } | null {
  const match = /^\*\*(.+?)\*\*\s*[:.]?\s*/s.exec(item.text);
  if (!match) return null;
  return { title: (match[1] ?? '').trim().replace(/\s*[.:]$/, ''), rest: item.text.slice(match[0].length) };
}
