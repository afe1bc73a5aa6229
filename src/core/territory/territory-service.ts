import { KbError } from '../../shared/errors';
import type { Territory, TerritoryScale } from '../../shared/schemas';
import type { Db } from '../db/open-database';
import { findTerritory, kitScaleOf } from './territory-index';

interface TerritoryRow {
  scale: TerritoryScale;
  code: string;
  name: string;
  updated_at: string;
}

/** The territory the user works for; the app works the same without one. */
export class TerritoryService {
  constructor(
    private readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  get(): Territory | null {
    const row = this.db.prepare('SELECT scale, code, name, updated_at FROM territory WHERE id = 1').get() as TerritoryRow | undefined;
    if (!row) return null;
    const known = findTerritory(row.scale, row.code);
    return {
      scale: row.scale,
      code: row.code,
      name: row.name,
      detail: known?.detail ?? '',
      ...(known?.departement ? { departement: known.departement } : {}),
      kitScale: kitScaleOf(row.scale),
      updatedAt: row.updated_at,
    };
  }

  /** The scale of the chosen territory, read without the official data (search asks at each query). */
  scale(): TerritoryScale | null {
    const row = this.db.prepare('SELECT scale FROM territory WHERE id = 1').get() as { scale: TerritoryScale } | undefined;
    return row?.scale ?? null;
  }

  /** Chooses a territory from the official data (by scale and code), or none with null. */
  set(choice: { scale: TerritoryScale; code: string } | null): Territory | null {
    if (choice === null) {
      this.db.prepare('DELETE FROM territory').run();
      return null;
    }
    const found = findTerritory(choice.scale, choice.code);
    if (!found) {
      throw new KbError('not_found', `Aucun territoire de ce type ne porte le code ${choice.code} dans les données officielles.`);
    }
    this.db
      .prepare(
        `INSERT INTO territory (id, scale, code, name, updated_at) VALUES (1, @scale, @code, @name, @now)
         ON CONFLICT (id) DO UPDATE SET scale = excluded.scale, code = excluded.code, name = excluded.name, updated_at = excluded.updated_at`,
      )
      .run({ scale: found.scale, code: found.code, name: found.name, now: this.now() });
    return this.get();
  }
}
