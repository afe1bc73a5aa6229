/** The roadmap's words, shared by core, exports and the interface (no zod here: the renderer loads this). */

export const roadmapKinds = ['programme', 'adoptee'] as const;
export type RoadmapKind = (typeof roadmapKinds)[number];
export const roadmapKindLabels: Record<RoadmapKind, string> = {
  programme: 'Programme de campagne',
  adoptee: 'Feuille de route adoptée',
};

export const roadmapStatuses = ['envisage', 'retenu', 'engage', 'realise', 'abandonne'] as const;
export type RoadmapStatus = (typeof roadmapStatuses)[number];
export const roadmapStatusLabels: Record<RoadmapStatus, string> = {
  envisage: 'Envisagé',
  retenu: 'Retenu',
  engage: 'Engagé',
  realise: 'Réalisé',
  abandonne: 'Abandonné',
};

export const roadmapPriorities = ['haute', 'normale', 'basse'] as const;
export type RoadmapPriority = (typeof roadmapPriorities)[number];
export const roadmapPriorityLabels: Record<RoadmapPriority, string> = { haute: 'Haute', normale: 'Normale', basse: 'Basse' };

/** A target is a year (2027) or a quarter (2027-T3). */
export const roadmapTargetPattern = /^(\d{4})(?:-T([1-4]))?$/;
export const roadmapYearRange = { min: 2000, max: 2100 } as const;

/** « 2027 » or « 3e trimestre 2027 ». */
export function targetLabel(target: string | null): string {
  if (!target) return 'Sans échéance';
  const match = roadmapTargetPattern.exec(target);
  if (!match) return target;
  if (!match[2]) return match[1] ?? target;
  return `${match[2] === '1' ? '1er' : `${match[2]}e`} trimestre ${match[1]}`;
}

/** The last day of a target (2027-T3 → 2027-09-30), to tell whether an item is past its date. */
export function targetLastDay(target: string): string {
  const match = roadmapTargetPattern.exec(target);
  if (!match) return target;
  const quarter = match[2] ? Number(match[2]) : 4;
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return `${match[1]}-${ends[quarter - 1]}`;
}

/** Done or given up: no longer expected by a date. */
export function isClosedStatus(status: RoadmapStatus): boolean {
  return status === 'realise' || status === 'abandonne';
}

export const roadmapGroupings = ['competence', 'target', 'status'] as const;
export type RoadmapGrouping = (typeof roadmapGroupings)[number];
export const roadmapGroupingLabels: Record<RoadmapGrouping, string> = {
  competence: 'Par compétence',
  target: 'Par échéance',
  status: 'Par statut',
};
/** The group of an item whose lever has no « Au titre de … » competence. */
export const noCompetenceLabel = 'Leviers transversaux';
