/** Fixed lists of the data model, kept free of zod so that the renderer can import them. */

// No scale facet: each kit is written for one scale, so the kit filter says it; the territory's
// scale orders the results instead (SearchRequest.territoryScaleFirst).
export const facetNames = ['kit', 'theme', 'competence', 'type'] as const;
export type FacetName = (typeof facetNames)[number];

/** The kinds of search results, as the « type » facet counts them (« Documents » among them). */
export const resultTypes = ['fiche', 'document', 'annotation', 'project'] as const;
export type ResultType = (typeof resultTypes)[number];
export const resultTypeLabels: Record<ResultType, string> = {
  fiche: 'Fiches',
  document: 'Documents',
  annotation: 'Annotations',
  project: 'Projets',
};

export const annotationColors = ['jaune', 'vert', 'bleu', 'rose', 'violet'] as const;

export const annotationStatuses = ['anchored', 'orphan', 'fiche'] as const;

export const linkReasons = ['levier', 'exemple', 'point de vigilance'] as const;

export const projectStatuses = ['idee', 'etude', 'en_cours', 'realise', 'abandonne'] as const;

export const territoryScales = ['commune', 'epci', 'departement', 'region'] as const;
