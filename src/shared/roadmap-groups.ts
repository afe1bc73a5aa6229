import { noCompetenceLabel, roadmapStatuses, roadmapStatusLabels, targetLabel, type RoadmapGrouping } from './roadmap';
import type { RoadmapItem } from './roadmap-schemas';

export interface RoadmapGroup {
  label: string;
  items: RoadmapItem[];
}

/**
 * The roadmap's views, shared by the page and the exports: by the lever's competence (« Au titre
 * de … », in reading order), by target date (earliest first, undated last) or by status.
 */
export function groupRoadmapItems(items: readonly RoadmapItem[], by: RoadmapGrouping): RoadmapGroup[] {
  const groups = new Map<string, RoadmapItem[]>();
  const keyOf = (item: RoadmapItem): string =>
    by === 'competence' ? (item.lever.competence ?? noCompetenceLabel) : by === 'status' ? item.status : (item.target ?? '');
  const ordered =
    by === 'target'
      ? [...items].sort((a, b) => (a.target ?? '9999').localeCompare(b.target ?? '9999'))
      : by === 'status'
        ? [...items].sort((a, b) => roadmapStatuses.indexOf(a.status) - roadmapStatuses.indexOf(b.status))
        : items;
  for (const item of ordered) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups].map(([key, list]) => ({
    label: by === 'status' ? roadmapStatusLabels[key as RoadmapItem['status']] : by === 'target' ? targetLabel(key || null) : key,
    items: list,
  }));
}
