import type { ProjectDetail, ProjectLink, Territory } from '../../shared/schemas';
import { frenchDate } from '../../shared/french-dates';
import { safeMarkdown } from '../../shared/markdown/safe-markdown';
import { statusLabels, territoryLine } from '../../shared/project-labels';


function euros(amount: number): string {
  return `${amount.toLocaleString('fr-FR')} €`;
}

/** A file name from the title, e.g. « dossier-legumerie-solidaire-pour-les-colleges.md ». */
export function dossierFileName(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `dossier-${slug || 'projet'}.md`;
}

function ficheHeading(link: ProjectLink): string {
  return `### ${safeMarkdown(link.kitTitle ?? link.kit)}, fiche ${link.number} : ${safeMarkdown(link.ficheTitle ?? 'fiche retirée de la base')}`;
}

/**
 * A project as a document an official can hand to a committee: what it is, who carries it,
 * and the fiches and passages that support it, each with its reference.
 */
export function projectDossier(project: ProjectDetail, territory: Territory | null, today: string): string {
  const lines: string[] = [`# ${safeMarkdown(project.title)}`, ''];
  const facts: [string, string][] = [
    ['Territoire', territory ? territoryLine(territory) : ''],
    ['Statut', statusLabels[project.status] + (project.archived ? ' (archivé)' : '')],
    ['Porteur', project.lead],
    ['Partenaires', project.partners.join(', ')],
    ['Thèmes', project.themes.join(', ')],
    ['Compétences mobilisées', project.competences.join(', ')],
    ['Budget', project.budget === null ? '' : euros(project.budget)],
    [
      'Calendrier',
      project.startDate || project.endDate
        ? [project.startDate ? `du ${frenchDate(project.startDate)}` : '', project.endDate ? `au ${frenchDate(project.endDate)}` : ''].filter(Boolean).join(' ')
        : '',
    ],
  ];
  for (const [label, value] of facts) if (value) lines.push(`- **${label}** : ${safeMarkdown(value)}`);
  if (project.description.trim()) lines.push('', '## Description', '', safeMarkdown(project.description.trim()));

  const ficheLinks = project.links.filter((l) => !l.annotationId);
  const passageLinks = project.links.filter((l) => l.annotationId);
  if (ficheLinks.length > 0) {
    lines.push('', '## Fiches de référence');
    for (const link of ficheLinks) {
      lines.push('', ficheHeading(link), '', `_Pourquoi : ${safeMarkdown(link.reason)}_`);
      if (link.ficheSummary) lines.push('', safeMarkdown(link.ficheSummary));
      if (link.ficheSourceUrl) lines.push('', `Fiche officielle : ${link.ficheSourceUrl}`);
    }
  }
  if (passageLinks.length > 0) {
    lines.push('', '## Passages annotés');
    for (const link of passageLinks) {
      lines.push('', ficheHeading(link), '', `_Pourquoi : ${safeMarkdown(link.reason)}_`);
      if (link.quote) lines.push('', `> « ${safeMarkdown(link.quote)} »`);
      if (link.note?.trim()) lines.push('', safeMarkdown(link.note.trim()));
    }
  }
  lines.push('', '---', '', `_Dossier préparé avec Kits ESS le ${frenchDate(today)}, à partir des kits de fiches du RTES._`);
  return `${lines.join('\n')}\n`;
}
