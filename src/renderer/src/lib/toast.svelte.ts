export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
}

// Long enough to reach « Annuler »; a plain confirmation needs less.
const visibleMs = { withAction: 8000, plain: 5000 };
/** More than this and the messages cover the page: the oldest goes first. */
const maxVisible = 3;

/** Short messages at the bottom of the window, with at most one action (« Annuler »). */
class Toasts {
  items: Toast[] = $state([]);
  private next = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(message: string, action?: Toast['action']): void {
    // The same confirmation again (three links added in a row) is one message, shown anew.
    for (const same of this.items.filter((toast) => toast.message === message && !toast.action)) this.dismiss(same.id);
    const toast: Toast = { id: this.next++, message, ...(action ? { action } : {}) };
    this.items = [...this.items, toast].slice(-maxVisible);
    this.timers.set(toast.id, setTimeout(() => this.dismiss(toast.id), action ? visibleMs.withAction : visibleMs.plain));
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
