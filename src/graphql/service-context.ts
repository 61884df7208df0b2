// Moved to src/domain; re-exported while branches still import it from here.
export type { ServiceContext } from '../domain/service-context';
