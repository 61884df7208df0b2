import { Company } from './company.entity';

export const entities = [Company];
export const resolvers = [] as const;
export { Company };
