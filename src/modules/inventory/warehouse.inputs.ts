import { IsOptional, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsTimeZone } from '../../graphql/validators';
import { LocationType } from './location-type.enum';

const NOT_BLANK = /\S/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

@InputType({ description: 'Postal address; omitted parts stay empty.' })
export class AddressInput {
  @Field(() => String, { nullable: true, description: 'Street and number (at most 200 characters).' })
  @IsOptional()
  @Length(0, 200)
  street?: string | null;

  @Field(() => String, { nullable: true, description: 'City (at most 100 characters).' })
  @IsOptional()
  @Length(0, 100)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code (at most 20 characters).' })
  @IsOptional()
  @Length(0, 20)
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. "FR".' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter ISO 3166-1 code such as "FR"' })
  country?: string | null;
}

@InputType({ description: 'A new warehouse; its standard locations are created with it.' })
export class WarehouseCreateInput {
  @Field({ description: 'Code, unique within the company (1-16 letters, digits, _ or -).' })
  @Length(1, 16)
  @Matches(CODE, { message: 'code may hold only letters, digits, _ and - and must start with a letter or digit' })
  code!: string;

  @Field({ description: 'Display name (1-200 characters).' })
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @Field(() => AddressInput, { nullable: true, description: 'Postal address.' })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput;

  @Field({ description: 'IANA time zone, e.g. "Europe/Paris".' })
  @IsTimeZone()
  timeZone!: string;
}

@InputType({ description: 'Changes to a warehouse; omitted fields keep their value. The code never changes.' })
export class WarehouseUpdateInput {
  @Field(() => ID, { description: 'The warehouse to change.' })
  @IsUUID()
  id!: string;

  @Field({ nullable: true, description: 'New name (1-200 characters).' })
  @IsOptional()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @Field(() => AddressInput, { nullable: true, description: 'New address (replaces the whole address).' })
  @IsOptional()
  @ValidateNested()
  address?: AddressInput;

  @Field({ nullable: true, description: 'New IANA time zone.' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @Field({ nullable: true, description: 'Deactivate (false) or reactivate (true).' })
  active?: boolean;
}

@InputType({ description: 'A new location inside a warehouse tree.' })
export class LocationCreateInput {
  @Field(() => ID, { description: 'Parent location; the new location belongs to the same warehouse.' })
  @IsUUID()
  parentId!: string;

  @Field({ description: 'Name within the parent (1-100 characters, no "/").' })
  @Length(1, 100)
  @Matches(/^[^/]*[^/\s][^/]*$/, { message: 'name must not be blank nor contain "/"' })
  name!: string;

  @Field(() => LocationType, { description: 'VIEW, INTERNAL, QUALITY or DAMAGED; the others are system locations.' })
  type!: LocationType;

  @Field({
    nullable: true,
    description:
      'Whether its stock is pickable: sold and shipped (INTERNAL only; default: true for an INTERNAL location under a sellable one or the warehouse root, so bins under Stock are and bins under Input are not).',
  })
  sellable?: boolean;

  @Field(() => String, { nullable: true, description: 'Scannable barcode, unique within the company.' })
  @IsOptional()
  @Length(1, 64)
  barcode?: string;
}
