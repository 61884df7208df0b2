import { EventEmitter } from 'node:events';

/**
 * In-process announcements of committed domain changes. The subscriptions issue replaces this
 * with an outbox written in the same transaction; until then, background jobs announce here.
 */
export interface DomainEvents {
  'reservation.expired': { reservationIds: string[] };
}

class TypedEmitter extends EventEmitter {
  announce<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.emit(event, payload);
  }
  listen<K extends keyof DomainEvents>(event: K, listener: (payload: DomainEvents[K]) => void): () => void {
    this.on(event, listener);
    return () => this.off(event, listener);
  }
}

export const domainEvents = new TypedEmitter();
