import { describe, expect, it } from 'vitest';
import type { ProjectLink } from '../../../../shared/schemas';
import { groupLinksByProject } from './link-groups';

function link(id: string, projectId: string, reason: string, quote: string | null = null): ProjectLink {
  return {
    id,
    projectId,
    projectTitle: `Projet ${projectId}`,
    kit: 'municipaless',
    number: 10,
    ficheTitle: 'Mobilité',
    ficheSummary: null,
    ficheSourceUrl: null,
    kitTitle: 'MunicipalESS',
    document: null,
    annotationId: quote ? `annotation-${id}` : null,
    quote,
    note: null,
    reason,
    createdAt: '2026-12-01T10:00:00.000Z',
  };
}

describe('groupLinksByProject', () => {
  it('lists each project once, with its links to the fiche and to its passages in their order', () => {
    const groups = groupLinksByProject([link('1', 'a', 'levier'), link('2', 'a', 'exemple', 'garages solidaires'), link('3', 'b', 'levier')]);
    expect(groups.map((g) => [g.projectTitle, g.links.map((l) => l.id)])).toEqual([
      ['Projet a', ['1', '2']],
      ['Projet b', ['3']],
    ]);
    expect(groupLinksByProject([])).toEqual([]);
  });
});
