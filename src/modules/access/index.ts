import { AccessResolver } from './access.resolver';
import { ApiKey } from './api-key.entity';
import { AuditLog } from './audit-log.entity';

export const entities = [ApiKey, AuditLog];
export const resolvers = [AccessResolver] as const;
