const isDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date as French readers write it: « 1er septembre 2026 », « 25 novembre 2026 ».
 * A calendar day (AAAA-MM-JJ) is taken as is; a moment (ISO timestamp) as its day on this computer.
 */
export function frenchDate(value: string): string {
  const day = isDay.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const text = date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', ...(day ? { timeZone: 'UTC' } : {}) });
  return text.replace(/^1 /, '1er ');
}
