/** Payload handed to Element listeners; always carries `elementType` like Stripe.js. */
export type ElementEvent = { elementType: string } & Record<string, unknown>;

export type ElementListener = (event: ElementEvent) => unknown;

/** on/off/once bookkeeping shared by Elements, kept apart from the iframe plumbing. */
export class ListenerSet {
  private readonly listeners = new Map<string, Array<{ handler: ElementListener; once: boolean }>>();

  add(type: string, handler: ElementListener, once: boolean): void {
    const list = this.listeners.get(type) ?? [];
    list.push({ handler, once });
    this.listeners.set(type, list);
  }

  remove(type: string, handler?: ElementListener): void {
    const list = this.listeners.get(type);
    if (!list) return;
    this.listeners.set(type, handler ? list.filter((entry) => entry.handler !== handler) : []);
  }

  emit(type: string, event: ElementEvent): void {
    const list = this.listeners.get(type);
    if (!list) return;
    this.listeners.set(
      type,
      list.filter((entry) => !entry.once),
    );
    for (const entry of list) entry.handler(event);
  }
}
