import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../../auth/roles';

@InputType({ description: 'A new API key.' })
export class ApiKeyCreateInput {
  @Field({ description: 'What the key is for, e.g. "Web shop" (1-200 characters).' })
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [Role], { description: 'What the key may do (at least one role).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  roles!: Role[];

  @Field(() => ID, {
    nullable: true,
    description: 'For a PARTNER key: the supplier it acts for; it then sees only that supplier’s purchase orders.',
  })
  @IsOptional()
  @IsUUID()
  supplierId?: string;
}

@InputType({ description: 'Narrow the audit log; every condition must hold.' })
export class AuditLogFilter {
  @Field({ nullable: true, description: 'Only entries of this actor, e.g. `key:sl_0123456789ab`.' })
  @IsOptional()
  actor?: string;

  @Field({ nullable: true, description: 'Only entries of this mutation, e.g. `inventoryCountApprove`.' })
  @IsOptional()
  operation?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries that touched this record.' })
  @IsOptional()
  recordId?: string;

  @Field(() => Date, { nullable: true, description: 'Only entries at or after this instant.' })
  @IsOptional()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Only entries before this instant.' })
  @IsOptional()
  to?: Date;
}

@InputType({ description: 'Revoke an API key.' })
export class ApiKeyRevokeInput {
  @Field(() => ID, { description: 'The key.' })
  @IsUUID()
  id!: string;
}
