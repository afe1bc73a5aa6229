import type { ProjectStatus, TerritoryOption } from './schemas';

export const statusLabels: Record<ProjectStatus, string> = {
  idee: 'Idée',
  etude: 'En étude',
  en_cours: 'En cours',
  realise: 'Réalisé',
  abandonne: 'Abandonné',
};

/** The territory as a project dossier names it: « Hautes-Alpes, Département ». */
export function territoryLine(territory: TerritoryOption): string {
  return [territory.name, territory.detail.split(' · ')[0]].filter(Boolean).join(', ');
}

/** What a merge report names each kind of record. */
export const recordKindLabels = { annotation: 'Annotation', project: 'Projet', link: 'Lien', roadmapItem: 'Levier de la feuille de route' } as const;

/** What an import report says when the colleague's computer is set on another territory. */
export function territoryNotAppliedLine(territory: { imported: string; local: string | null }): string {
  return territory.local === null
    ? `Le fichier vient d’un poste réglé sur ${territory.imported} ; ce poste n’a pas de territoire et l’import n’en a pas choisi : choisissez le vôtre dans « Territoire ».`
    : `Le fichier vient d’un poste réglé sur ${territory.imported} ; votre territoire (${territory.local}) n’a pas été modifié.`;
}

/** A link's reason as a label: capitalised alike, whether one of the list (« levier ») or typed by the person. */
export function reasonLabel(reason: string): string {
  return reason.charAt(0).toLocaleUpperCase('fr') + reason.slice(1);
}
