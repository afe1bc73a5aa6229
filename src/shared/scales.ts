/** Levels of local authority a kit is written for. Kept free of zod for the renderer bundle. */
export const scales = ['commune', 'departement', 'region'] as const;
export type Scale = (typeof scales)[number];

export const scaleLabels: Record<Scale, string> = {
  commune: 'Commune et intercommunalité',
  departement: 'Département',
  region: 'Région',
};
