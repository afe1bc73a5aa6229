import { foldWord, words } from '../../shared/search/normalize';
import type { Db } from '../db/open-database';

export interface FicheTarget {
  kit: string;
  number: number;
}

/** How much of the first page is read to recognise a fiche (its heading). */
const firstPageHead = 3000;

/** Words folded as the search folds them: « fiche12_kitDépartementalESS » → fiche12, kitdepartementaless. */
function foldedWords(text: string): string[] {
  return words(text.replace(/_/g, ' ')).map(foldWord);
}

/** The fiche number a text names: « fiche12 », « fiche 12 », « fiche n° 12 », « fiche no 12 ». */
function ficheNumberIn(folded: readonly string[]): number | null {
  for (let i = 0; i < folded.length; i += 1) {
    const word = folded[i] ?? '';
    const glued = /^fiche(\d{1,3})$/.exec(word);
    if (glued) return Number(glued[1]);
    if (word !== 'fiche') continue;
    const next = folded[i + 1] ?? '';
    const number = /^(?:no?)?(\d{1,3})$/.test(next) ? next.replace(/^no?/, '') : /^no?$/.test(next) ? (folded[i + 2] ?? '') : '';
    if (/^\d{1,3}$/.test(number)) return Number(number);
  }
  return null;
}

/** The kit a text names, by its slug or its folded title (« kitdepartementaless » names departementaless). */
function kitIn(folded: readonly string[], kits: readonly { slug: string; title: string }[]): string | null {
  const joined = folded.join(' ');
  const found = kits.find(({ slug, title }) => {
    const names = [slug.replace(/-/g, ''), foldedWords(title).join('')];
    return folded.some((word) => names.some((name) => name.length >= 4 && word.includes(name))) || joined.includes(foldedWords(title).join(' '));
  });
  return found?.slug ?? null;
}

/**
 * The kit fiche an imported document is the official PDF of, when its file name (as the RTES
 * names them: « fiche12_kitdepartementaless.pdf ») or the head of its first page names a kit of
 * the base and a fiche number. Null when neither does.
 */
export function detectFiche(db: Db, fileName: string, firstPage: string): FicheTarget | null {
  const kits = db.prepare('SELECT slug, title FROM kits').all() as { slug: string; title: string }[];
  for (const text of [fileName, firstPage.slice(0, firstPageHead)]) {
    const folded = foldedWords(text);
    const kit = kitIn(folded, kits);
    const number = ficheNumberIn(folded);
    if (kit !== null && number !== null && number >= 1) return { kit, number };
  }
  return null;
}
