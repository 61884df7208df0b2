import { EventEmitter } from 'node:events';

/** Revocations made by this process, so that its key cache forgets the key at once. */
export const keyEvents = new EventEmitter();

export function announceKeyRevoked(keyId: string): void {
  keyEvents.emit('revoked', keyId);
}
