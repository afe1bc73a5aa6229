import type { ProjectStatus } from './schemas';

export const statusLabels: Record<ProjectStatus, string> = {
  idee: 'Idée',
  etude: 'En étude',
  en_cours: 'En cours',
  realise: 'Réalisé',
  abandonne: 'Abandonné',
};
