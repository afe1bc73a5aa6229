import type { TerritoryOption } from '../../../../shared/schemas';

/** A territory's name as people tell homonyms apart: « Ancelle (05) »; a département or a région by its name alone. */
export function territoryLabel(territory: Pick<TerritoryOption, 'name' | 'departement'>): string {
  return territory.departement ? `${territory.name} (${territory.departement})` : territory.name;
}
