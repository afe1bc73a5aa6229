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

/**
 * What a search looked for, as the fiche's hit bar says it: each word or phrase between
 * guillemets, never the query's own quotes nested in them.
 */
function subject(query: string): { text: string; plural: boolean } {
  const clauses = parseQuery(`${query} `).groups.flat();
  const [only] = clauses;
  if (!only) return { text: `« ${query.trim()} »`, plural: false };
  if (clauses.length === 1) return { text: isPhrase(only) ? `l’expression « ${only.text} »` : `« ${only.text} »`, plural: false };
  if (!clauses.some(isPhrase)) return { text: `les mots « ${clauses.map((c) => c.text).join(' ')} »`, plural: true };
  return { text: frenchList(clauses.map((c) => `« ${c.text} »`)), plural: true };
}

/**
 * The hit bar of a fiche opened from a search: « 2 / 3 occurrences de l’expression « clauses
 * sociales » », or where the words are when the text itself has none.
 * `current` is the occurrence shown (from 0), -1 before any.
 */
export function hitSummary(query: string, hits: number, current: number): string {
  const { text, plural } = subject(query);
  if (hits === 0) return `${text.charAt(0).toUpperCase()}${text.slice(1)} ${plural ? 'apparaissent' : 'apparaît'} dans le titre ou le résumé`;
  const position = current >= 0 ? `${current + 1} / ` : '';
  const of = text.startsWith('les ') ? `des ${text.slice(4)}` : `de ${text}`;
  return `${position}${countOf(hits, 'occurrence')} ${of}`;
}
