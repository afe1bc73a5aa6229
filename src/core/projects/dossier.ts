import type { Paragraph } from 'docx';
import type { ProjectDetail, ProjectLink, Territory } from '../../shared/schemas';
import { frenchDate } from '../../shared/french-dates';
import { safeMarkdown } from '../../shared/markdown/safe-markdown';
import { statusLabels, territoryLine } from '../../shared/project-labels';
import { heading, line, officialLink, quote, textParagraphs, wordFile } from '../exports/word-document';
import { markdownToPlainText } from '../../shared/markdown/plain-text';

function euros(amount: number): string {
  return `${amount.toLocaleString('fr-FR')} €`;
}

/** A file name from the title, e.g. « dossier-legumerie-solidaire-pour-les-colleges.md ». */
export function dossierFileName(title: string, extension: 'md' | 'docx' = 'md'): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `dossier-${slug || 'projet'}.${extension}`;
}

/** The facts that head a dossier, those with a value only. */
function dossierFacts(project: ProjectDetail, territory: Territory | null): [string, string][] {
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
  return facts.filter(([, value]) => value);
}

function linkTitle(link: ProjectLink): string {
  return `${link.kitTitle ?? link.kit}, fiche ${link.number} : ${link.ficheTitle ?? 'fiche retirée de la base'}`;
}

function dossierFooter(project: ProjectDetail, today: string): string {
  const author = project.authorName.trim();
  return `Dossier préparé${author ? ` par ${author}` : ''} avec Kits ESS le ${frenchDate(today)}, à partir des kits de fiches du RTES.`;
}

/**
 * A project as a document an official can hand to a committee: what it is, who carries it,
 * and the fiches and passages that support it, each with its reference.
 */
export function projectDossier(project: ProjectDetail, territory: Territory | null, today: string): string {
  const lines: string[] = [`# ${safeMarkdown(project.title)}`, ''];
  for (const [label, value] of dossierFacts(project, territory)) lines.push(`- **${label}** : ${safeMarkdown(value)}`);
  if (project.description.trim()) lines.push('', '## Description', '', safeMarkdown(project.description.trim()));

  const ficheLinks = project.links.filter((l) => !l.annotationId);
  const passageLinks = project.links.filter((l) => l.annotationId);
  if (ficheLinks.length > 0) {
    lines.push('', '## Fiches de référence');
    for (const link of ficheLinks) {
      lines.push('', `### ${safeMarkdown(linkTitle(link))}`, '', `_Pourquoi : ${safeMarkdown(link.reason)}_`);
      if (link.ficheSummary) lines.push('', safeMarkdown(link.ficheSummary));
      if (link.ficheSourceUrl) lines.push('', `Fiche officielle : ${link.ficheSourceUrl}`);
    }
  }
  if (passageLinks.length > 0) {
    lines.push('', '## Passages annotés');
    for (const link of passageLinks) {
      lines.push('', `### ${safeMarkdown(linkTitle(link))}`, '', `_Pourquoi : ${safeMarkdown(link.reason)}_`);
      if (link.quote) lines.push('', `> « ${safeMarkdown(link.quote)} »`);
      if (link.note?.trim()) lines.push('', safeMarkdown(link.note.trim()));
    }
  }
  lines.push('', '---', '', `_${safeMarkdown(dossierFooter(project, today))}_`);
  return `${lines.join('\n')}\n`;
}

/** The same dossier as a Word document (base64), its Markdown texts in plain words. */
export function projectDossierDocx(project: ProjectDetail, territory: Territory | null, today: string): Promise<string> {
  const paragraphs: Paragraph[] = [heading(project.title, 1)];
  for (const [label, value] of dossierFacts(project, territory)) paragraphs.push(line(`${label} : ${value}`));
  if (project.description.trim()) paragraphs.push(heading('Description', 2), ...textParagraphs(markdownToPlainText(project.description)));

  const ficheLinks = project.links.filter((l) => !l.annotationId);
  const passageLinks = project.links.filter((l) => l.annotationId);
  if (ficheLinks.length > 0) {
    paragraphs.push(heading('Fiches de référence', 2));
    for (const link of ficheLinks) {
      paragraphs.push(heading(linkTitle(link), 3), line(`Pourquoi : ${link.reason}`, { italics: true }));
      if (link.ficheSummary) paragraphs.push(line(link.ficheSummary));
      if (link.ficheSourceUrl) paragraphs.push(officialLink(link.ficheSourceUrl));
    }
  }
  if (passageLinks.length > 0) {
    paragraphs.push(heading('Passages annotés', 2));
    for (const link of passageLinks) {
      paragraphs.push(heading(linkTitle(link), 3), line(`Pourquoi : ${link.reason}`, { italics: true }));
      if (link.quote) paragraphs.push(...quote(link.quote));
      if (link.note?.trim()) paragraphs.push(...textParagraphs(markdownToPlainText(link.note)));
    }
  }
  paragraphs.push(line(dossierFooter(project, today), { italics: true }));
  return wordFile(project.title, paragraphs);
}
