import type { Project } from '../../shared/schemas';
import { statusLabels } from '../../shared/project-labels';
import { csvTable } from '../exports/csv';

/** Projects for a spreadsheet: semicolons and a BOM, as French Excel expects. */
export function projectsToCsv(projects: readonly Project[]): string {
  const header = ['Titre', 'Statut', 'Porteur', 'Partenaires', 'Thèmes', 'Compétences', 'Budget (€)', 'Début', 'Fin', 'Archivé', 'Liens', 'Modifié le'];
  const rows = projects.map((p) => [
    p.title,
    statusLabels[p.status],
    p.lead,
    p.partners.join(', '),
    p.themes.join(', '),
    p.competences.join(', '),
    p.budget === null ? '' : String(p.budget),
    p.startDate ?? '',
    p.endDate ?? '',
    p.archived ? 'oui' : 'non',
    String(p.linkCount),
    p.updatedAt.slice(0, 10),
  ]);
  return csvTable(header, rows);
}
