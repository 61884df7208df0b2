import { registerEnumType } from 'type-graphql';
import { Role, ROLE_DESCRIPTIONS } from '../domain/roles';

// Roles are the domain's (a Principal holds them); here they become the GraphQL enum.
export { ALL_ROLES, parseRoles, Role, ROLE_DESCRIPTIONS } from '../domain/roles';

registerEnumType(Role, {
  name: 'Role',
  description: 'A set of permissions held by an API key or user; see the role table in docs/internal-frontends.md.',
  valuesConfig: Object.fromEntries(Object.entries(ROLE_DESCRIPTIONS).map(([k, v]) => [k, { description: v }])),
});
