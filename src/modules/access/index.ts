import { AccessResolver } from './access.resolver';
import { ApiKey } from './api-key.entity';
import { AuditLog } from './audit-log.entity';
// Registers the audit writer every mutation needs (runMutation, src/graphql/mutation.ts).
import './audit.service';

export const entities = [ApiKey, AuditLog];
export const resolvers = [AccessResolver] as const;
