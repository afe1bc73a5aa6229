import { projectStatuses, type Annotation, type Dashboard, type ProjectStatus, type Territory } from '../../shared/schemas';
import type { Db } from '../db/open-database';
import type { ProjectService } from './project-service';

/**
 * The territory at a glance: projects by status, the competences of its scale against the
 * projects that use them, the most linked fiches and the latest annotations.
 */
export function buildDashboard(db: Db, projects: ProjectService, territory: Territory | null, recentAnnotations: Annotation[]): Dashboard {
  const active = projects.list();
  const counts = new Map<ProjectStatus, number>(projectStatuses.map((s) => [s, 0]));
  for (const p of active) counts.set(p.status, (counts.get(p.status) ?? 0) + 1);
  const vocabulary = projects.vocabulary();
  // Without a territory, every scale's competences are shown, in kit order.
  const competences = territory
    ? vocabulary.competences[territory.kitScale]
    : [...new Set([...vocabulary.competences.commune, ...vocabulary.competences.departement, ...vocabulary.competences.region])];
  const mostLinked = db
    .prepare(
      // A project citing the fiche and some of its passages cites it once.
      `SELECT l.kit_slug AS kit, l.fiche_number AS number, f.title, k.title AS kitTitle, count(DISTINCT l.project_id) AS projects
       FROM project_links l
       JOIN projects p ON p.id = l.project_id AND p.archived = 0
       JOIN kits k ON k.slug = l.kit_slug
       JOIN fiches f ON f.kit_id = k.id AND f.number = l.fiche_number
       GROUP BY l.kit_slug, l.fiche_number ORDER BY projects DESC, f.title LIMIT 8`,
    )
    .all() as Dashboard['mostLinkedFiches'];
  return {
    territory,
    projectsByStatus: projectStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 })),
    competences: competences.map((competence) => ({
      competence,
      projects: active.filter((p) => p.competences.includes(competence)).map((p) => ({ id: p.id, title: p.title, status: p.status })),
    })),
    mostLinkedFiches: mostLinked,
    recentAnnotations,
  };
}
