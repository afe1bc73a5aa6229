import { describe, expect, it } from 'vitest';
import { isCleanText, replaceUnsafeCharacters } from './clean-text';

describe('clean text', () => {
  it('tells NUL and half characters from whole ones', () => {
    expect(isCleanText('Coopérative 🎉 « SCIC »')).toBe(true);
    expect(isCleanText('avant\u0000après')).toBe(false);
    expect(isCleanText('moitié \uD83D')).toBe(false);
    expect(isCleanText('\uDE00 seule')).toBe(false);
    expect(isCleanText('inversé \uDE00\uD83D')).toBe(false);
  });

  it('removes NUL and shows a half character as �, keeping the rest', () => {
    expect(replaceUnsafeCharacters('a\u0000b \uD83D c \uD83D\uDE00')).toBe('ab \uFFFD c \uD83D\uDE00');
  });
});
