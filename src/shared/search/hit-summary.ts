import { countOf } from '../french-format';
import { parseQuery, type Clause } from './query-parser';

/** A phrase as the person typed it: several words separated by spaces (« l’économie » is one word to them). */
function isPhrase(clause: Clause): boolean {
  return clause.words.length > 1 && clause.text.includes(' ');
}

/** « a », « b » et « c » */
function frenchList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} et ${items.at(-1)}` : (items[0] ?? '');
}

const quoted = (clause: Clause): string => `« ${clause.text} »`;

/**
 * What a search looked for, as the fiche's hit bar and the results' heading say it: each word or
 * phrase between guillemets, never the query's own quotes nested in them.
 */
function subject(groups: readonly Clause[][], query: string): { text: string; plural: boolean } {
  const clauses = groups.flat();
  const [only] = clauses;
  if (!only) return { text: `« ${query.trim()} »`, plural: false };
  if (clauses.length === 1) return { text: isPhrase(only) ? `l’expression ${quoted(only)}` : quoted(only), plural: false };
  if (groups.some((group) => group.length > 1)) return { text: frenchList(groups.map((group) => group.map(quoted).join(' ou '))), plural: true };
  if (!clauses.some(isPhrase)) return { text: `les mots « ${clauses.map((c) => c.text).join(' ')} »`, plural: true };
  return { text: frenchList(clauses.map(quoted)), plural: true };
}

// The trailing space closes the last word: it is read as typed, not as the start of a longer one.
const parse = (query: string) => parseQuery(`${query} `);

/** « 3 résultats pour l’expression « clauses sociales » », « 2 résultats pour « scic », sans « scop » » */
export function resultsHeading(query: string, total: number): string {
  const count = total === 0 ? 'Aucun résultat' : countOf(total, 'résultat');
  if (!query.trim()) return count;
  const { groups, excluded } = parse(query);
  const parts = groups.length > 0 || excluded.length === 0 ? [`pour ${subject(groups, query).text}`] : [];
  if (excluded.length > 0) parts.push(`sans ${frenchList(excluded.map(quoted))}`);
  return `${count} ${parts.join(', ')}`;
}

/**
 * The hit bar of a fiche opened from a search: « 2 / 3 occurrences de l’expression « clauses
 * sociales » », or where the words are when the text itself has none.
 * `current` is the occurrence shown (from 0), -1 before any.
 */
export function hitSummary(query: string, hits: number, current: number): string {
  const { text, plural } = subject(parse(query).groups, query);
  if (hits === 0) return `${text.charAt(0).toUpperCase()}${text.slice(1)} ${plural ? 'apparaissent' : 'apparaît'} dans le titre ou le résumé`;
  const position = current >= 0 ? `${current + 1} / ` : '';
  const of = text.startsWith('les ') ? `des ${text.slice(4)}` : `de ${text}`;
  return `${position}${countOf(hits, 'occurrence')} ${of}`;
}
