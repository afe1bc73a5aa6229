export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
}

// Long enough to reach « Annuler »; a plain confirmation needs less.
const visibleMs = { withAction: 8000, plain: 5000 };
/** More than this and the messages cover the page: the oldest goes first. */
const maxVisible = 3;

const afterReloadKey = 'kits-ess:message-after-reload';

/** Short messages at the bottom of the window, with at most one action (« Annuler »). */
class Toasts {
  items: Toast[] = $state([]);
  private next = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor() {
    const pending = sessionStorage.getItem(afterReloadKey);
    if (pending) {
      sessionStorage.removeItem(afterReloadKey);
      queueMicrotask(() => this.show(pending));
    }
  }

  /** Shows `message` once the page has reloaded (a restore reloads every page), so that it is not lost with it. */
  showAfterReload(message: string): void {
    sessionStorage.setItem(afterReloadKey, message);
  }

  show(message: string, action?: Toast['action']): void {
    // The same confirmation again (three links added in a row) is one message, shown anew.
    for (const same of this.items.filter((toast) => toast.message === message && !toast.action)) this.dismiss(same.id);
    const toast: Toast = { id: this.next++, message, ...(action ? { action } : {}) };
    const kept = [...this.items, toast];
    for (const dropped of kept.slice(0, -maxVisible)) this.dismiss(dropped.id);
    this.items = kept.slice(-maxVisible);
    this.release(toast.id);
  }

  /** Keeps a toast while the pointer or the keyboard focus is on it (WCAG 2.2.1: enough time). */
  hold(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Starts (again) the countdown of a toast, from its full duration. */
  release(id: number): void {
    const toast = this.items.find((item) => item.id === id);
    if (!toast) return;
    this.hold(id);
    this.timers.set(id, setTimeout(() => this.dismiss(id), toast.action ? visibleMs.withAction : visibleMs.plain));
  }

  dismiss(id: number): void {
    this.hold(id);
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
