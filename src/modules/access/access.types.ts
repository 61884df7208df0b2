import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { ConnectionType } from '../../graphql/connection';
import { UserError } from '../../graphql/errors';
import { PayloadType } from '../../graphql/payload';
import { Company } from '../company/company.entity';
import { ApiKey } from './api-key.entity';
import { AuditLog } from './audit-log.entity';

export const AuditEntryConnection = ConnectionType(AuditLog, 'AuditEntry');
export const ApiKeyRevokePayload = PayloadType('ApiKeyRevoke', 'apiKey', ApiKey, 'The revoked key.');

@ObjectType({ description: 'Result of apiKeyCreate: the key itself is in `key`, shown this once only.' })
export class ApiKeyCreatePayload {
  @Field(() => ApiKey, { nullable: true, description: 'The created key (without its secret).' })
  apiKey?: ApiKey | null;

  @Field(() => String, {
    nullable: true,
    description: 'The key to send as `Authorization: Bearer <key>`. Stored only as a hash: copy it now.',
  })
  key?: string | null;

  @Field(() => [UserError], { description: 'Business errors; empty when the mutation succeeded.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The caller as the server sees it.' })
export class Viewer {
  @Field({ description: 'API_KEY, USER or ANONYMOUS.' })
  kind!: string;

  @Field({ description: 'Recorded on what you do: `key:<prefix>`, `user:<subject>` or `anonymous`.' })
  actor!: string;

  @Field(() => [Role], { description: 'Your roles.' })
  roles!: Role[];

  @Field(() => Company, { nullable: true, description: 'The company every request of yours acts for.' })
  company!: Company | null;
}
