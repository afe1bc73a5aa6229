import type { ProjectLink } from '../../../../shared/schemas';

/** One project citing a fiche, with every link that ties them: the whole fiche, its passages. */
export interface ProjectLinkGroup {
  projectId: string;
  projectTitle: string;
  links: ProjectLink[];
}

/** The links of a fiche by project, in the order the links come (projects by title, passages in reading order). */
export function groupLinksByProject(links: readonly ProjectLink[]): ProjectLinkGroup[] {
  const groups = new Map<string, ProjectLinkGroup>();
  for (const link of links) {
    const group = groups.get(link.projectId);
    if (group) group.links.push(link);
    else groups.set(link.projectId, { projectId: link.projectId, projectTitle: link.projectTitle, links: [link] });
  }
  return [...groups.values()];
}
