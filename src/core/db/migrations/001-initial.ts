import type { Migration } from './migration';

export const initial: Migration = {
  version: 1,
  name: 'kits, fiches, vocabulary terms, glossary and settings',
  up(db) {
    db.exec(`
      CREATE TABLE kits (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        scale TEXT NOT NULL CHECK (scale IN ('commune', 'departement', 'region')),
        year INTEGER NOT NULL,
        edition TEXT NOT NULL,
        publisher TEXT NOT NULL,
        source_url TEXT NOT NULL,
        elections TEXT,
        published TEXT,
        description TEXT NOT NULL,
        original_count INTEGER,
        original_count_approx INTEGER NOT NULL DEFAULT 0,
        missing_json TEXT NOT NULL DEFAULT '[]',
        content_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE fiches (
        id INTEGER PRIMARY KEY,
        kit_id INTEGER NOT NULL REFERENCES kits (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        slug TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        body_md TEXT NOT NULL,
        body_text TEXT NOT NULL,
        source_url TEXT NOT NULL,
        complement TEXT,
        edition TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (kit_id, number)
      );

      -- Themes, competences and echelons of a fiche, in the order the fiche lists them.
      CREATE TABLE fiche_terms (
        fiche_id INTEGER NOT NULL REFERENCES fiches (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('theme', 'competence', 'echelon')),
        term TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (fiche_id, kind, term)
      ) WITHOUT ROWID;
      CREATE INDEX fiche_terms_by_term ON fiche_terms (kind, term);

      CREATE TABLE glossary (
        term TEXT PRIMARY KEY,
        long_form TEXT,
        definition TEXT NOT NULL,
        variants_json TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
