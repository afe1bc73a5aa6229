import { describe, expect, it } from 'vitest';
import { shortcuts, shortcutSections } from './shortcuts';

describe('the table of shortcuts', () => {
  it('never gives one accelerator to two actions', () => {
    const accelerators = Object.values(shortcuts).flatMap((s) => (s.accelerator ? [s.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('lists each shortcut once, with keys and a description', () => {
    const names = shortcutSections.flatMap((section) => Object.keys(section.shortcuts));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(shortcuts)).toHaveLength(names.length);
    for (const s of Object.values(shortcuts)) expect(s.keys && s.description).toBeTruthy();
  });
});
