import { frenchDate } from '../../../../shared/french-dates';
import { statusLabels } from '../../../../shared/project-labels';
import { roadmapKindLabels, roadmapPriorityLabels, roadmapStatusLabels, targetLabel } from '../../../../shared/roadmap';
import { ficheReference } from '../../../../shared/shared-notes';
import type { TeamConflict } from '../../../../shared/team-schemas';
import { colorLabels } from '../annotations/colors';
import { timeOfDay } from './team-status';

type Version = TeamConflict['versions'][number];
type Content = NonNullable<Version['content']>;

/** One line of a version as the person compares it: « Note », « Étiquettes », « Titre »… */
export interface VersionField {
  label: string;
  value: string;
  /** Long text (a note, a description) kept with its line breaks. */
  long?: boolean;
}

/** A version as shown in its column: who, when, and its fields in a fixed order (the same in every column). */
export interface VersionView {
  rev: string;
  heading: string;
  author: string;
  date: string;
  fields: VersionField[];
}

const kindLabels: Record<TeamConflict['kind'], string> = {
  annotation: 'Annotation',
  project: 'Projet',
  project_link: 'Lien de projet',
  territory: 'Territoire de l’équipe',
  roadmap_item: 'Levier de la feuille de route',
  document: 'Document partagé',
};

export function conflictKindLabel(kind: TeamConflict['kind']): string {
  return kindLabels[kind];
}

/** The titles of a kit and one of its fiches, null when this computer does not know them. */
export type FicheTitles = (kit: string, number: number) => { kitTitle: string | null; ficheTitle: string | null };

const list = (values: readonly string[]): string => (values.length > 0 ? values.join(', ') : '—');
const orDash = (value: string | null | undefined): string => (value?.trim() ? value : '—');

function fieldsOf(content: Content, titles: FicheTitles): VersionField[] {
  const fiche = (kit: string | null | undefined, number: number | null | undefined): string =>
    kit == null || number == null ? '—' : ficheReference({ kit, number, ...titles(kit, number) });
  switch (content.kind) {
    case 'annotation': {
      const a = content.annotation;
      return [
        a.document ? { label: 'Document', value: `page ${a.document.page}` } : { label: 'Fiche', value: fiche(a.kit, a.number) },
        { label: 'Passage', value: orDash(a.selector?.exact), long: true },
        { label: 'Note', value: orDash(a.note), long: true },
        { label: 'Étiquettes', value: list(a.tags) },
        { label: 'Couleur', value: a.color ? colorLabels[a.color] : '—' },
      ];
    }
    case 'project': {
      const p = content.project;
      return [
        { label: 'Titre', value: p.title },
        { label: 'Statut', value: statusLabels[p.status] + (p.archived ? ' (archivé)' : '') },
        { label: 'Description', value: orDash(p.description), long: true },
        { label: 'Pilote', value: orDash(p.lead) },
        { label: 'Partenaires', value: list(p.partners) },
        { label: 'Thèmes', value: list(p.themes) },
        { label: 'Compétences', value: list(p.competences) },
        { label: 'Budget', value: p.budget === null ? '—' : `${p.budget.toLocaleString('fr-FR')} €` },
        { label: 'Dates', value: [p.startDate, p.endDate].map((d) => (d ? frenchDate(d) : '…')).join(' → ') },
      ];
    }
    case 'project_link':
      return [
        { label: 'Fiche', value: fiche(content.link.kit, content.link.number) },
        { label: 'Raison', value: content.link.reason },
      ];
    case 'territory':
      return [{ label: 'Territoire', value: content.territory.name }];
    case 'roadmap_item': {
      const item = content.item;
      return [
        { label: 'Feuille de route', value: roadmapKindLabels[item.roadmap] },
        { label: 'Levier', value: item.leverId },
        { label: 'Statut', value: roadmapStatusLabels[item.status] },
        { label: 'Priorité', value: roadmapPriorityLabels[item.priority] },
        { label: 'Échéance', value: targetLabel(item.target) },
        { label: 'Élu référent', value: orDash(item.official) },
        { label: 'Service pilote', value: orDash(item.leadService) },
        { label: 'Budget', value: item.budget === null ? '—' : `${item.budget.toLocaleString('fr-FR')} €` },
        { label: 'Indicateurs', value: list(item.indicators.map((i) => (i.target ? `${i.label} : ${i.target}` : i.label))) },
        { label: 'Notes', value: orDash(item.notes), long: true },
      ];
    }
    case 'document':
      return [
        { label: 'Titre', value: content.document.title },
        { label: 'Fichier', value: content.document.fileName },
      ];
  }
}

function authorOf(content: Content): string {
  switch (content.kind) {
    case 'annotation':
      return content.annotation.authorName || content.annotation.authorLogin;
    case 'project':
      return content.project.authorName || content.project.authorLogin;
    case 'document':
      return content.document.authorName || content.document.authorLogin;
    default:
      return '';
  }
}

function updatedAtOf(content: Content): string {
  switch (content.kind) {
    case 'annotation':
      return content.annotation.updatedAt;
    case 'project':
      return content.project.updatedAt;
    case 'project_link':
      return content.link.updatedAt;
    case 'territory':
      return content.territory.updatedAt;
    case 'roadmap_item':
      return content.item.updatedAt;
    case 'document':
      return content.document.sharedAt;
  }
}

/** « modifiée le 4 décembre 2026 à 14:05 » */
function dateLine(iso: string): string {
  return `modifiée le ${frenchDate(iso)} à ${timeOfDay(iso)}`;
}

/** Each version of a conflict as a column: the most recent edit first, so that the person reads it first. */
export function versionViews(conflict: TeamConflict, titles: FicheTitles): VersionView[] {
  const views = conflict.versions.map((version, index): VersionView & { sortKey: string } => {
    const heading = `Version ${index + 1}`;
    if (version.deleted) return { rev: version.rev, heading, author: '', date: 'supprimée par un membre de l’équipe', fields: [], sortKey: '' };
    if (!version.content) return { rev: version.rev, heading, author: '', date: 'illisible (document invalide)', fields: [], sortKey: '' };
    const updatedAt = updatedAtOf(version.content);
    return { rev: version.rev, heading, author: authorOf(version.content), date: dateLine(updatedAt), fields: fieldsOf(version.content, titles), sortKey: updatedAt };
  });
  return views
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey))
    .map(({ sortKey: _sortKey, ...view }, index) => ({ ...view, heading: `Version ${index + 1}` }));
}

/** Labels of the fields whose value differs between the versions (shown as such in every column). */
export function differingFields(views: readonly VersionView[]): Set<string> {
  const values = new Map<string, Set<string>>();
  for (const view of views) for (const field of view.fields) values.set(field.label, (values.get(field.label) ?? new Set()).add(field.value));
  return new Set([...values].filter(([, seen]) => seen.size > 1).map(([label]) => label));
}

/**
 * The starting text of « Fusionner »: the version kept as a base, with the other versions' notes
 * (or descriptions) and tags added, so that the person only has to cut what repeats.
 */
export function mergeDraft(conflict: TeamConflict): { base: Version; text: string; tags: string[]; textLabel: string } | null {
  const readable = conflict.versions.filter((v) => !v.deleted && v.content !== null);
  const base = readable.find((v) => v.winner) ?? readable[0];
  if (!base?.content) return null;
  const texts: string[] = [];
  const tags: string[] = [];
  for (const version of [base, ...readable.filter((v) => v !== base)]) {
    const content = version.content;
    if (content?.kind === 'annotation') {
      texts.push(content.annotation.note);
      tags.push(...content.annotation.tags);
    } else if (content?.kind === 'project') {
      texts.push(content.project.description);
    }
  }
  if (base.content.kind !== 'annotation' && base.content.kind !== 'project') return null;
  const distinct = [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
  const distinctTags = [...new Map(tags.map((t) => [t.toLocaleLowerCase('fr'), t])).values()];
  return { base, text: distinct.join('\n\n'), tags: distinctTags, textLabel: base.content.kind === 'annotation' ? 'Note' : 'Description' };
}

/** The merged version as resolveTeamConflict takes it: the base version's fields with the edited text (and tags). */
export function mergedContent(base: Version, text: string, tags: string[]): Record<string, unknown> {
  const content = base.content;
  if (content?.kind === 'annotation') return { ...content.annotation, note: text, tags };
  if (content?.kind === 'project') return { ...content.project, description: text };
  throw new Error('only annotations and projects are merged by editing');
}
