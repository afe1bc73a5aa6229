import { textSizes, type TextSize } from '../../../shared/limits';
import { textSizeActions, textSizeEvent, type TextSizeAction } from '../../../shared/ipc';
import { call, errorMessage } from './api';
import { toasts } from './toast.svelte';

/**
 * The size of the interface's text (A− / A+, Ctrl+= / Ctrl+− / Ctrl+0, the desktop View menu).
 * It sets the root font size, which every rem of the stylesheet follows; kept in the database.
 */
class TextSizeStore {
  percent: TextSize = $state(100);

  async load(): Promise<void> {
    try {
      this.apply((await call('getTextSize', {})).percent);
    } catch {
      // The normal size is a fine fallback; the pages report a missing knowledge base themselves.
    }
  }

  get canGrow(): boolean {
    return this.percent < Math.max(...textSizes);
  }

  get canShrink(): boolean {
    return this.percent > Math.min(...textSizes);
  }

  run(action: TextSizeAction): void {
    const index = textSizes.indexOf(this.percent);
    const next = action === 'reset' ? 100 : textSizes[Math.min(Math.max(index + (action === 'bigger' ? 1 : -1), 0), textSizes.length - 1)];
    if (next === undefined || next === this.percent) return;
    const before = this.percent;
    this.apply(next);
    call('setTextSize', { percent: next }).catch((error: unknown) => {
      this.apply(before);
      toasts.show(`Taille du texte non enregistrée : ${errorMessage(error)}`);
    });
  }

  /** Ctrl+= (or Ctrl++), Ctrl+− and Ctrl+0 anywhere in the window, and the desktop menu's event. */
  listen(): () => void {
    const onKeydown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const action = keyActions[event.key];
      if (!action) return;
      // In a browser these keys would zoom the page as well.
      event.preventDefault();
      this.run(action);
    };
    const onMenu = (event: Event): void => {
      const action = (event as CustomEvent<unknown>).detail;
      if ((textSizeActions as readonly unknown[]).includes(action)) this.run(action as TextSizeAction);
    };
    window.addEventListener('keydown', onKeydown);
    window.addEventListener(textSizeEvent, onMenu);
    return () => {
      window.removeEventListener('keydown', onKeydown);
      window.removeEventListener(textSizeEvent, onMenu);
    };
  }

  private apply(percent: TextSize): void {
    this.percent = percent;
    document.documentElement.style.setProperty('--text-scale', String(percent / 100));
  }
}

/** The root font size in pixels, which the text size sets: layout thresholds in rem follow it. */
export function rootFontPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

const keyActions: Record<string, TextSizeAction> = { '=': 'bigger', '+': 'bigger', '-': 'smaller', '0': 'reset' };

export const textSize = new TextSizeStore();
