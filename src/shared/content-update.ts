import { z } from 'zod';
import { countOf } from './french-format';

/** A kit update sent by the page is at most 20 MB (the bundled kits make about 1 MB), in base64. */
export const maxContentUpdateBytes = 20 * 1024 * 1024;
export const maxContentUpdateBase64 = Math.ceil(maxContentUpdateBytes / 3) * 4;

/** What a kit update did, as the CLI, the desktop dialog and the data page report it. */
export const contentUpdateReportSchema = z.object({
  kitsAdded: z.number().int(),
  kitsUpdated: z.number().int(),
  fichesAdded: z.number().int(),
  fichesUpdated: z.number().int(),
  fichesRemoved: z.number().int(),
  fichesUnchanged: z.number().int(),
  changes: z.array(
    z.object({ kit: z.string(), number: z.number().int(), title: z.string(), change: z.enum(['added', 'updated', 'removed']) }),
  ),
});

export type ContentUpdateReport = z.infer<typeof contentUpdateReportSchema>;

const changeLabels = { added: 'nouvelle', updated: 'modifiée', removed: 'retirée' } as const;

/** The summary line, then one line per new, changed or removed fiche. */
export function describeContentUpdate(report: ContentUpdateReport): string[] {
  const summary =
    `Import terminé : ${countOf(report.kitsAdded, 'kit ajouté', 'kits ajoutés')}, ${report.kitsUpdated} mis à jour ; ` +
    `${countOf(report.fichesAdded, 'fiche ajoutée', 'fiches ajoutées')}, ${countOf(report.fichesUpdated, 'mise à jour', 'mises à jour')}, ` +
    `${countOf(report.fichesRemoved, 'retirée', 'retirées')}, ${countOf(report.fichesUnchanged, 'inchangée', 'inchangées')}.`;
  return [summary, ...report.changes.map((c) => `- ${c.kit} ${c.number}. ${c.title} (${changeLabels[c.change]})`)];
}
