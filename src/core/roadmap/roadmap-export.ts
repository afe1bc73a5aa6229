import type { Paragraph } from 'docx';
import { frenchDate } from '../../shared/french-dates';
import { safeMarkdown } from '../../shared/markdown/safe-markdown';
import { statusLabels } from '../../shared/project-labels';
import {
  roadmapKindLabels,
  roadmapPriorityLabels,
  roadmapStatusLabels,
  targetLabel,
  type RoadmapGrouping,
  type RoadmapKind,
} from '../../shared/roadmap';
import { groupRoadmapItems } from '../../shared/roadmap-groups';
import type { RoadmapItem } from '../../shared/roadmap-schemas';
import { csvTable } from '../exports/csv';
import { heading, line, officialLink, textParagraphs, wordFile } from '../exports/word-document';

export interface RoadmapExportInput {
  roadmap: RoadmapKind;
  items: readonly RoadmapItem[];
  groupBy: RoadmapGrouping;
  territory: string | null;
  exportedAt: string;
}

export function roadmapFileName(roadmap: RoadmapKind, extension: 'md' | 'csv' | 'docx', exportedAt: string): string {
  return `${roadmap === 'programme' ? 'programme-ess' : 'feuille-de-route-ess'}-${exportedAt.slice(0, 10)}.${extension}`;
}

function title(input: RoadmapExportInput): string {
  return `${roadmapKindLabels[input.roadmap]}${input.territory ? ` : ${input.territory}` : ''}`;
}

function euros(amount: number): string {
  return `${amount.toLocaleString('fr-FR')} €`;
}

/** The facts of an item that have a value, in the order the assembly reads them. */
function itemFacts(item: RoadmapItem): [string, string][] {
  const facts: [string, string][] = [
    ['Fiche', `${item.lever.kitTitle}, fiche ${item.lever.number} : ${item.lever.ficheTitle}`],
    ['Compétence', item.lever.competence ?? ''],
    ['Statut', roadmapStatusLabels[item.status] + (item.overdue ? ' (échéance dépassée)' : '')],
    ['Priorité', roadmapPriorityLabels[item.priority]],
    ['Échéance', targetLabel(item.target)],
    ['Élu référent', item.official],
    ['Service pilote', item.leadService],
    ['Budget indicatif', item.budget === null ? '' : euros(item.budget)],
    ['Projets', item.projects.map((p) => `${p.title} (${statusLabels[p.status]})`).join(', ')],
    ['Indicateurs', item.indicators.map((i) => (i.target ? `${i.label} : ${i.target}` : i.label)).join(' ; ')],
  ];
  return facts.filter(([, value]) => value);
}

function intro(input: RoadmapExportInput): string {
  const count = input.items.length > 1 ? `${input.items.length} leviers` : `${input.items.length} levier`;
  return `${count}, exporté le ${frenchDate(input.exportedAt)}.`;
}

/** The roadmap as Markdown, every typed text passed through safeMarkdown. */
export function roadmapMarkdown(input: RoadmapExportInput): string {
  const out = [`# ${safeMarkdown(title(input))}`, '', `*${intro(input)}*`, ''];
  for (const group of groupRoadmapItems(input.items, input.groupBy)) {
    out.push(`## ${safeMarkdown(group.label)}`, '');
    for (const item of group.items) {
      out.push(`### ${safeMarkdown(item.lever.title)}${item.lever.removed ? ' (levier retiré de la fiche)' : ''}`, '');
      for (const [label, value] of itemFacts(item)) out.push(`- **${label}** : ${safeMarkdown(value)}`);
      if (item.lever.sourceUrl) out.push(`- **Fiche officielle** : <${item.lever.sourceUrl}>`);
      out.push('');
      if (item.notes.trim()) out.push(safeMarkdown(item.notes), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function roadmapCsv(input: RoadmapExportInput): string {
  const header = ['Groupe', 'Levier', 'Compétence', 'Kit', 'Fiche', 'Fiche officielle', 'Statut', 'Priorité', 'Échéance', 'Élu référent',
    'Service pilote', 'Budget (€)', 'Projets', 'Indicateurs', 'Notes', 'Levier retiré', 'Identifiant du levier'];
  const rows = groupRoadmapItems(input.items, input.groupBy).flatMap((group) =>
    group.items.map((item) => [
      group.label,
      item.lever.title,
      item.lever.competence ?? '',
      item.lever.kitTitle,
      `${item.lever.number} : ${item.lever.ficheTitle}`,
      item.lever.sourceUrl,
      roadmapStatusLabels[item.status],
      roadmapPriorityLabels[item.priority],
      item.target ?? '',
      item.official,
      item.leadService,
      item.budget === null ? '' : String(item.budget),
      item.projects.map((p) => p.title).join(', '),
      item.indicators.map((i) => (i.target ? `${i.label} : ${i.target}` : i.label)).join(' ; '),
      item.notes,
      item.lever.removed ? 'oui' : 'non',
      item.lever.id,
    ]),
  );
  return csvTable(header, rows);
}

export function roadmapDocx(input: RoadmapExportInput): Promise<string> {
  const paragraphs: Paragraph[] = [heading(title(input), 1), line(intro(input), { italics: true })];
  for (const group of groupRoadmapItems(input.items, input.groupBy)) {
    paragraphs.push(heading(group.label, 2));
    for (const item of group.items) {
      paragraphs.push(heading(`${item.lever.title}${item.lever.removed ? ' (levier retiré de la fiche)' : ''}`, 3));
      for (const [label, value] of itemFacts(item)) paragraphs.push(line(`${label} : ${value}`));
      if (item.lever.sourceUrl) paragraphs.push(officialLink(item.lever.sourceUrl));
      paragraphs.push(...textParagraphs(item.notes));
    }
  }
  return wordFile(title(input), paragraphs);
}
