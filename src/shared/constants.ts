/** Fixed lists of the data model, kept free of zod so that the renderer can import them. */

// No scale facet: each kit is written for one scale, so the kit filter says it; the territory's
// scale orders the results instead (SearchRequest.territoryScaleFirst).
export const facetNames = ['kit', 'theme', 'competence'] as const;
export type FacetName = (typeof facetNames)[number];

export const annotationColors = ['jaune', 'vert', 'bleu', 'rose', 'violet'] as const;

export const annotationStatuses = ['anchored', 'orphan', 'fiche'] as const;

export const linkReasons = ['levier', 'exemple', 'point de vigilance'] as const;

export const projectStatuses = ['idee', 'etude', 'en_cours', 'realise', 'abandonne'] as const;

export const territoryScales = ['commune', 'epci', 'departement', 'region'] as const;
