export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
}

const visibleMs = 8000;

/** Short messages at the bottom of the window, with at most one action (« Annuler »). */
class Toasts {
  items: Toast[] = $state([]);
  private next = 1;

  show(message: string, action?: Toast['action']): void {
    const toast: Toast = { id: this.next++, message, ...(action ? { action } : {}) };
    this.items = [...this.items, toast];
    setTimeout(() => this.dismiss(toast.id), visibleMs);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
