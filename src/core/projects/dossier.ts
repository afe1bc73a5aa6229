import type { Paragraph } from 'docx';
import { documentLinkTitle, dossierSections } from '../../shared/project-links';
import type { ProjectDetail, ProjectLink, Territory } from '../../shared/schemas';
import { frenchDate } from '../../shared/french-dates';
import { safeMarkdown } from '../../shared/markdown/safe-markdown';
import { statusLabels, territoryLine } from '../../shared/project-labels';
import { heading, line, officialLink, quote, textParagraphs, wordFile } from '../exports/word-document';
import { markdownToPlainText } from '../../shared/markdown/plain-text';
import { ficheLabel } from '../../shared/shared-notes';

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

/** The documents of the library the project cites, after the fiches. */
const documentsHeading = 'Documents de la bibliothèque';

function dossierFooter(project: ProjectDetail, today: string): string {
  const author = project.authorName.trim();
  return `Dossier préparé${author ? ` par ${author}` : ''} avec Kits ESS le ${frenchDate(today)}, à partir des kits de fiches du RTES.`;
}

/** Why a link, then its passage and note when it goes through an annotation (Markdown). */
function passageLines(link: ProjectLink): string[] {
  const lines = ['', `_Pourquoi : ${safeMarkdown(link.reason)}_`];
  if (link.quote) lines.push('', `> « ${safeMarkdown(link.quote)} »`);
  if (link.note?.trim()) lines.push('', safeMarkdown(link.note.trim()));
  return lines;
}

/**
 * A project as a document an official can hand to a committee: what it is, who carries it,
 * and the fiches and passages that support it, each with its reference.
 */
export function projectDossier(project: ProjectDetail, territory: Territory | null, today: string): string {
  const lines: string[] = [`# ${safeMarkdown(project.title)}`, ''];
  for (const [label, value] of dossierFacts(project, territory)) lines.push(`- **${label}** : ${safeMarkdown(value)}`);
  if (project.description.trim()) lines.push('', '## Description', '', safeMarkdown(project.description.trim()));

  const sections = dossierSections(project.links);
  if (sections.fiches.length > 0) {
    lines.push('', '## Fiches de référence');
    for (const link of sections.fiches) {
      lines.push('', `### ${safeMarkdown(ficheLabel(link))}`, '', `_Pourquoi : ${safeMarkdown(link.reason)}_`);
      if (link.ficheSummary) lines.push('', safeMarkdown(link.ficheSummary));
      if (link.ficheSourceUrl) lines.push('', `Fiche officielle : ${link.ficheSourceUrl}`);
    }
  }
  if (sections.passages.length > 0) {
    lines.push('', '## Passages annotés');
    for (const link of sections.passages) lines.push('', `### ${safeMarkdown(ficheLabel(link))}`, ...passageLines(link));
  }
  if (sections.documents.length > 0) {
    lines.push('', `## ${documentsHeading}`);
    for (const link of sections.documents) lines.push('', `### ${safeMarkdown(documentLinkTitle(link.document))}`, ...passageLines(link));
  }
  lines.push('', '---', '', `_${safeMarkdown(dossierFooter(project, today))}_`);
  return `${lines.join('\n')}\n`;
}

/** Why a link, then its passage and note when it goes through an annotation (Word). */
function passageParagraphs(link: ProjectLink): Paragraph[] {
  const paragraphs = [line(`Pourquoi : ${link.reason}`, { italics: true })];
  if (link.quote) paragraphs.push(...quote(link.quote));
  if (link.note?.trim()) paragraphs.push(...textParagraphs(markdownToPlainText(link.note)));
  return paragraphs;
}

/** The same dossier as a Word document (base64), its Markdown texts in plain words. */
export function projectDossierDocx(project: ProjectDetail, territory: Territory | null, today: string): Promise<string> {
  const paragraphs: Paragraph[] = [heading(project.title, 1)];
  for (const [label, value] of dossierFacts(project, territory)) paragraphs.push(line(`${label} : ${value}`));
  if (project.description.trim()) paragraphs.push(heading('Description', 2), ...textParagraphs(markdownToPlainText(project.description)));

  const sections = dossierSections(project.links);
  if (sections.fiches.length > 0) {
    paragraphs.push(heading('Fiches de référence', 2));
    for (const link of sections.fiches) {
      paragraphs.push(heading(ficheLabel(link), 3), line(`Pourquoi : ${link.reason}`, { italics: true }));
      if (link.ficheSummary) paragraphs.push(line(link.ficheSummary));
      if (link.ficheSourceUrl) paragraphs.push(officialLink(link.ficheSourceUrl));
    }
  }
  if (sections.passages.length > 0) {
    paragraphs.push(heading('Passages annotés', 2));
    for (const link of sections.passages) {
      paragraphs.push(heading(ficheLabel(link), 3), ...passageParagraphs(link));
    }
  }
  if (sections.documents.length > 0) {
    paragraphs.push(heading(documentsHeading, 2));
    for (const link of sections.documents) {
      paragraphs.push(heading(documentLinkTitle(link.document), 3), ...passageParagraphs(link));
    }
  }
  paragraphs.push(line(dossierFooter(project, today), { italics: true }));
  return wordFile(project.title, paragraphs);
}
