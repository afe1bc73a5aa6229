import { textSizes, type TextSize } from '../shared/limits';
import type { Db } from './db/open-database';
import { getSetting, setSetting } from './settings';

const key = 'text_size';

/** The text size chosen with A− / A+; the normal size when none was chosen or the stored value is not one of ours. */
export function readTextSize(db: Db): TextSize {
  const stored = Number(getSetting(db, key));
  return textSizes.find((size) => size === stored) ?? 100;
}

export function writeTextSize(db: Db, percent: TextSize): TextSize {
  setSetting(db, key, String(percent));
  return percent;
}
