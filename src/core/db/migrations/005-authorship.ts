import type { Migration } from './migration';

/**
 * Who made an annotation or a project, and which annotations stay on this computer. Teams share
 * their work (team workspace, exports), so each record names its author: the display name the
 * person chose (« Votre nom ») and, once connected to a team, the team login. Rows made before
 * this version have no known author (empty strings).
 */
export const authorship: Migration = {
  version: 5,
  name: 'author of annotations and projects, private annotations',
  up(db) {
    db.exec(`
      ALTER TABLE annotations ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE annotations ADD COLUMN author_login TEXT NOT NULL DEFAULT '';
      ALTER TABLE annotations ADD COLUMN is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1));
      ALTER TABLE projects ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE projects ADD COLUMN author_login TEXT NOT NULL DEFAULT '';
    `);
  },
};
