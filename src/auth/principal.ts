// Who is calling is the domain's (a ServiceContext carries it); authenticate.ts establishes it.
export { type Principal, systemPrincipal } from '../domain/principal';
