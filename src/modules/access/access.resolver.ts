import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { announceKeyRevoked } from '../../auth/key-events';
import { PageArgs, paginate } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { Company } from '../company/company.entity';
import { ApiKey } from './api-key.entity';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key.service';
import { ApiKeyCreateInput, ApiKeyRevokeInput, AuditLogFilter } from './access.inputs';
import { ApiKeyCreatePayload, ApiKeyRevokePayload, AuditEntryConnection, Viewer } from './access.types';
import { auditWhere } from './audit.service';
import { AuditLog } from './audit-log.entity';

@Resolver()
export class AccessResolver {
  @Query(() => Viewer, { description: 'Who you are: your company, roles and the actor name recorded on your work.' })
  async viewer(@Ctx() ctx: Context): Promise<Viewer> {
    return {
      kind: ctx.auth.kind,
      actor: ctx.auth.actor,
      roles: ctx.auth.roles,
      company: await ctx.em.findOne(Company, { id: ctx.companyId }),
    };
  }

  @Query(() => [ApiKey], { description: 'The API keys of your company, revoked ones included (never their secrets).' })
  apiKeys(@Ctx() ctx: Context) {
    return listApiKeys(ctx);
  }

  @Query(() => AuditEntryConnection, { description: 'The audit log of your company, newest first (Relay connection).' })
  auditLog(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Narrow the log.' })
    filter: AuditLogFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return paginate(ctx.em, AuditLog, auditWhere(ctx, filter), { at: 'desc' }, page);
  }

  @Mutation(() => ApiKeyCreatePayload, {
    description: 'Create an API key for your company. The key is in the payload once; only its hash is stored.',
  })
  apiKeyCreate(
    @Arg('input', () => ApiKeyCreateInput, { description: 'See ApiKeyCreateInput.' }) input: ApiKeyCreateInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation<ApiKeyCreatePayload>(ctx, { input }, (tx) => createApiKey(tx, input));
  }

  @Mutation(() => ApiKeyRevokePayload, { description: 'Revoke an API key: it is refused from now on.' })
  async apiKeyRevoke(
    @Arg('input', () => ApiKeyRevokeInput, { description: 'See ApiKeyRevokeInput.' }) input: ApiKeyRevokeInput,
    @Ctx() ctx: Context,
  ) {
    const payload = await runMutation<InstanceType<typeof ApiKeyRevokePayload>>(ctx, { input }, async (tx) => ({
      apiKey: await revokeApiKey(tx, input.id),
    }));
    if (payload.apiKey) announceKeyRevoked(payload.apiKey.id);
    return payload;
  }
}
