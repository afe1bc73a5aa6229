import type { FicheSummary, Kit } from '../../../../shared/schemas';

export type KitEntry = { kind: 'fiche'; fiche: FicheSummary } | { kind: 'missing'; number: number; hint: string | null };

/** The kit's fiches and the numbers it does not include, in the kit's order. */
export function kitEntries(kit: Kit, fiches: readonly FicheSummary[]): KitEntry[] {
  const entries: KitEntry[] = [
    ...fiches.map((fiche) => ({ kind: 'fiche' as const, fiche })),
    ...kit.missing.map((m) => ({ kind: 'missing' as const, number: m.number, hint: m.hint })),
  ];
  const numberOf = (entry: KitEntry): number => (entry.kind === 'fiche' ? entry.fiche.number : entry.number);
  return entries.sort((a, b) => numberOf(a) - numberOf(b));
}
