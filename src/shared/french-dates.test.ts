import { describe, expect, it } from 'vitest';
import { frenchDate } from './french-dates';

describe('frenchDate', () => {
  it('writes days the French way, with « 1er » for the first of the month', () => {
    expect(frenchDate('2026-09-01')).toBe('1er septembre 2026');
    expect(frenchDate('2027-01-15')).toBe('15 janvier 2027');
    expect(frenchDate('2026-11-11')).toBe('11 novembre 2026');
  });

  it('reads timestamps too, and leaves what is not a date as it is', () => {
    expect(frenchDate('2026-11-25T12:00:00.000Z')).toMatch(/^2[45] novembre 2026$/);
    expect(frenchDate('bientôt')).toBe('bientôt');
  });
});
