import { initial } from './001-initial';
import type { Migration } from './migration';

/** Every migration, in order; `version` is the position in this list, starting at 1. */
export const migrations: readonly Migration[] = [initial];

export const latestSchemaVersion = migrations.length;
