import type { Migration } from './migration';

export const territoryAndProjects: Migration = {
  version: 4,
  name: 'content vocabulary, territory, projects and their links to fiches and annotations',
  up(db) {
    db.exec(`
      -- The controlled vocabulary of the content pack, kept so that projects use the same terms.
      CREATE TABLE vocabulary (
        kind TEXT NOT NULL CHECK (kind IN ('theme', 'echelon', 'competence')),
        scale TEXT NOT NULL DEFAULT '' CHECK (scale IN ('', 'commune', 'departement', 'region')),
        term TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (kind, scale, term)
      ) WITHOUT ROWID;

      -- The one territory the user works for (none until chosen).
      CREATE TABLE territory (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scale TEXT NOT NULL CHECK (scale IN ('commune', 'epci', 'departement', 'region')),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE projects (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        description_md TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('idee', 'etude', 'en_cours', 'realise', 'abandonne')),
        themes_json TEXT NOT NULL DEFAULT '[]',
        competences_json TEXT NOT NULL DEFAULT '[]',
        partners_json TEXT NOT NULL DEFAULT '[]',
        lead TEXT NOT NULL DEFAULT '',
        budget_eur INTEGER CHECK (budget_eur IS NULL OR budget_eur >= 0),
        start_date TEXT,
        end_date TEXT,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
      );

      -- A project cites a fiche, or a passage through an annotation. Deleting a project removes its
      -- links only; deleting an annotation keeps the link on its fiche.
      CREATE TABLE project_links (
        id TEXT PRIMARY KEY NOT NULL,
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        kit_slug TEXT NOT NULL,
        fiche_number INTEGER NOT NULL,
        annotation_id TEXT REFERENCES annotations (id) ON DELETE SET NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX project_links_by_project ON project_links (project_id);
      CREATE INDEX project_links_by_fiche ON project_links (kit_slug, fiche_number);
      CREATE INDEX project_links_by_annotation ON project_links (annotation_id);

      CREATE VIEW project_search_source (seq, title, description, partners, title_stem, description_stem) AS
        SELECT seq, kb_fold(title), kb_fold(description_md), kb_fold(partners_json), kb_stem(title), kb_stem(description_md) FROM projects;
      CREATE VIRTUAL TABLE projects_fts USING fts5(
        title, description, partners, title_stem, description_stem,
        content = 'project_search_source',
        content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE TRIGGER projects_fts_after_insert AFTER INSERT ON projects BEGIN
        INSERT INTO projects_fts (rowid, title, description, partners, title_stem, description_stem)
        VALUES (new.seq, kb_fold(new.title), kb_fold(new.description_md), kb_fold(new.partners_json), kb_stem(new.title), kb_stem(new.description_md));
      END;
      CREATE TRIGGER projects_fts_after_delete AFTER DELETE ON projects BEGIN
        INSERT INTO projects_fts (projects_fts, rowid, title, description, partners, title_stem, description_stem)
        VALUES ('delete', old.seq, kb_fold(old.title), kb_fold(old.description_md), kb_fold(old.partners_json), kb_stem(old.title), kb_stem(old.description_md));
      END;
      CREATE TRIGGER projects_fts_after_update AFTER UPDATE OF title, description_md, partners_json ON projects BEGIN
        INSERT INTO projects_fts (projects_fts, rowid, title, description, partners, title_stem, description_stem)
        VALUES ('delete', old.seq, kb_fold(old.title), kb_fold(old.description_md), kb_fold(old.partners_json), kb_stem(old.title), kb_stem(old.description_md));
        INSERT INTO projects_fts (rowid, title, description, partners, title_stem, description_stem)
        VALUES (new.seq, kb_fold(new.title), kb_fold(new.description_md), kb_fold(new.partners_json), kb_stem(new.title), kb_stem(new.description_md));
      END;
    `);
  },
};
