import type { Prepare } from '../db/statement-cache';
import type { ParsedLever } from '../../shared/markdown/levers';
import { foldWord, words } from '../../shared/search/normalize';

interface StoredLever {
  id: string;
  competence: string | null;
  title: string;
  text: string;
  position: number;
  removed_at: string | null;
}

/**
 * Brings the stored levers of one fiche in line with its new text (null: the fiche is gone).
 * Like annotations, a lever keeps its identifier across editions: matched by title and text,
 * then by title, then by text, then by the closest text; a stored lever left unmatched is
 * marked removed, never deleted, so that the roadmap items which chose it stay.
 */
export function syncFicheLevers(prepare: Prepare, kit: string, fiche: number, levers: readonly ParsedLever[] | null, now: string): void {
  const stored = prepare(
    'SELECT id, competence, title, text, position, removed_at FROM levers WHERE kit_slug = ? AND fiche_number = ? ORDER BY position',
  ).all(kit, fiche) as StoredLever[];
  const unmatched = new Set(stored);
  const matchOf = new Map<ParsedLever, StoredLever>();
  const passes: ((a: ParsedLever, b: StoredLever) => boolean)[] = [
    (a, b) => a.title === b.title && a.text === b.text,
    (a, b) => a.title === b.title,
    (a, b) => a.text === b.text,
  ];
  const incoming = levers ?? [];
  for (const same of passes) {
    for (const lever of incoming) {
      if (matchOf.has(lever)) continue;
      const found = [...unmatched].find((old) => same(lever, old));
      if (found) {
        matchOf.set(lever, found);
        unmatched.delete(found);
      }
    }
  }
  // A lever reworded in both title and text: the closest remaining text, if most words are shared.
  for (const lever of incoming) {
    if (matchOf.has(lever)) continue;
    let best: { old: StoredLever; score: number } | null = null;
    for (const old of unmatched) {
      const score = wordOverlap(`${lever.title} ${lever.text}`, `${old.title} ${old.text}`);
      if (score >= 0.6 && (!best || score > best.score)) best = { old, score };
    }
    if (best) {
      matchOf.set(lever, best.old);
      unmatched.delete(best.old);
    }
  }

  const update = prepare(
    `UPDATE levers SET competence = ?, title = ?, text = ?, position = ?, removed_at = NULL, updated_at = ? WHERE id = ?`,
  );
  const insert = prepare(
    `INSERT INTO levers (id, kit_slug, fiche_number, competence, title, text, position, removed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  incoming.forEach((lever, position) => {
    const old = matchOf.get(lever);
    if (old) {
      const same = old.competence === lever.competence && old.title === lever.title && old.text === lever.text && old.position === position;
      if (!same || old.removed_at !== null) update.run(lever.competence, lever.title, lever.text, position, now, old.id);
    } else {
      insert.run(newLeverId(prepare, kit, fiche, lever.title), kit, fiche, lever.competence, lever.title, lever.text, position, now);
    }
  });
  const markRemoved = prepare('UPDATE levers SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL');
  for (const old of unmatched) markRemoved.run(now, now, old.id);
}

/**
 * A readable identifier that one can type (`kits-ess roadmap add municipaless-07-reserver-certains-marches`),
 * the same on every computer that imported the same edition.
 */
function newLeverId(prepare: Prepare, kit: string, fiche: number, title: string): string {
  const slug = words(foldWord(title)).join('-').replace(/[^a-z0-9-]/g, '').slice(0, 60).replace(/-+$/, '');
  const base = `${kit}-${String(fiche).padStart(2, '0')}-${slug || 'levier'}`;
  const taken = prepare('SELECT 1 FROM levers WHERE id = ?');
  let id = base;
  for (let n = 2; taken.get(id); n += 1) id = `${base}-${n}`;
  return id;
}

function wordOverlap(a: string, b: string): number {
  const wordSet = (text: string) => new Set(words(foldWord(text)).filter((w) => w.length > 2));
  const left = wordSet(a);
  const right = wordSet(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / Math.max(left.size, right.size);
}
