import { initial } from './001-initial';
import { searchIndex } from './002-search-index';
import { annotations } from './003-annotations';
import { territoryAndProjects } from './004-territory-projects';
import { authorship } from './005-authorship';
import { teamSync } from './006-team-sync';
import { documents } from './007-documents';
import { roadmap } from './008-roadmap';
import { documentAnnotations } from './009-document-annotations';
import { teamLibrary } from './010-team-library';
import type { Migration } from './migration';

/** Every migration, in order; `version` is the position in this list, starting at 1. */
export const migrations: readonly Migration[] = [initial, searchIndex, annotations, territoryAndProjects, authorship, teamSync, documents, roadmap, documentAnnotations, teamLibrary];

export const latestSchemaVersion = migrations.length;
