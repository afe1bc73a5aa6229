import { tick } from 'svelte';
import { focusContent } from '../../lib/focus';

/**
 * Keyboard selection: browsers select text with Shift+arrows only in caret browsing, which the
 * desktop app does not have. The text being read becomes a caret-navigable, read-only area
 * (contenteditable with every edit refused) until Escape, which gives the focus back to the
 * button that started it (see keyboard-selection-start.svelte).
 */
export class KeyboardSelection {
  active = $state(false);
  startButton: HTMLButtonElement | undefined = $state();

  constructor(
    private readonly options: {
      /** The text that takes the caret (bound in the component). */
      area: () => HTMLElement | undefined;
      /** Names the area for screen readers while it takes the caret. */
      label: string;
      /** Where the caret starts (the first paragraph); the area itself by default. */
      firstCaret?: (area: HTMLElement) => Node | null;
      /** True when this Escape belongs to something open in the text (a glossary hint), not to the mode. */
      escapeTakenBy?: (area: HTMLElement) => boolean;
    },
  ) {}

  readonly start = async (): Promise<void> => {
    this.active = true;
    await tick();
    const area = this.options.area();
    if (!area) return;
    area.focus();
    window.getSelection()?.collapse(this.options.firstCaret?.(area) ?? area, 0);
  };

  /** Escape ends the mode; the focus goes back on the button, where the person can start again. */
  readonly onKeydown = async (event: KeyboardEvent): Promise<void> => {
    if (!this.active || event.key !== 'Escape' || event.defaultPrevented) return;
    const area = this.options.area();
    if (area && this.options.escapeTakenBy?.(area)) return;
    this.active = false;
    await tick();
    this.startButton?.focus();
  };

  /** After the selection toolbar: back in the text while the mode lasts. */
  readonly returnFocus = (): void => {
    if (this.active) this.options.area()?.focus();
    else focusContent();
  };

  /** What the area carries (spread on it): the caret while the mode lasts, and no edit ever. */
  get areaAttributes(): Record<string, unknown> {
    const on = this.active;
    return {
      contenteditable: on ? 'true' : undefined,
      spellcheck: on ? false : undefined,
      role: on ? 'textbox' : undefined,
      'aria-multiline': on ? 'true' : undefined,
      'aria-readonly': on ? 'true' : undefined,
      'aria-label': on ? this.options.label : undefined,
      'data-keyboard-selection': on ? '' : undefined,
      onkeydown: this.onKeydown,
      onbeforeinput: refuseEdit,
      onpaste: refuseEdit,
      ondrop: refuseEdit,
      oncut: refuseEdit,
    };
  }
}

/** Nothing typed, pasted, dropped or cut ever changes the text. */
function refuseEdit(event: Event): void {
  event.preventDefault();
}
