import type { EntityManager } from '@mikro-orm/postgresql';
import { createDefaultChart } from '../modules/accounting/chart';
import { Uom, UomCategory } from '../modules/catalog/uom.entity';
import { createVirtualLocations } from '../modules/inventory/warehouse.service';
import { Company } from '../modules/company/company.entity';

/** Reference units every company starts with; more are added with uomCreate. */
const STANDARD_UOMS: { category: string; uoms: [name: string, factor: string][] }[] = [
  {
    category: 'Unit',
    uoms: [
      ['Unit', '1'],
      ['Dozen', '12'],
    ],
  },
  {
    category: 'Weight',
    uoms: [
      ['kg', '1'],
      ['g', '0.001'],
    ],
  },
  {
    category: 'Volume',
    uoms: [
      ['L', '1'],
      ['mL', '0.001'],
    ],
  },
  {
    category: 'Length',
    uoms: [
      ['m', '1'],
      ['cm', '0.01'],
    ],
  },
];

/** Creates a company ready to use: its virtual locations, standard units of measure and chart of accounts. */
export async function setUpCompany(
  em: EntityManager,
  input: { code: string; name: string; currency?: string },
): Promise<Company> {
  const company = em.create(Company, { code: input.code, name: input.name, currency: input.currency ?? 'EUR' });
  const sc = { em, companyId: company.id, actor: 'system' };
  createVirtualLocations(sc);
  for (const { category, uoms } of STANDARD_UOMS) {
    const cat = em.create(UomCategory, { company, name: category });
    for (const [name, factor] of uoms) em.create(Uom, { company, category: cat, name, factor });
  }
  createDefaultChart(em, company);
  await em.flush();
  return company;
}
