/**
 * Which file may import which; `npm run lint` runs it (`npm run lint:deps`). The modules depend one
 * way: company (the tenant) <- currency (rates, conversion) <- catalog <- inventory <- (reservations, purchasing) <- accounting;
 * a module above registers a hook where the one below must call it (inventory/posting-hooks.ts,
 * registerTransferGuard). src/domain (business errors, the service context) imports nothing of
 * the API layer. No file imports itself through others, not even through type-only imports,
 * except the two sides of an ORM relation (one of them imports the other as a type only).
 * test/lint/dependency-rules.test.ts proves that a cycle or a wrong-way import fails. Cycles
 * between folders, which no single file closes, are .dependency-cruiser.folders.cjs's.
 */
const MODULES = 'src/modules';
const below = {
  company: ['currency', 'catalog', 'inventory', 'reservations', 'purchasing', 'accounting', 'access', 'subscriptions'],
  currency: ['catalog', 'inventory', 'reservations', 'purchasing', 'accounting', 'access', 'subscriptions'],
  catalog: ['inventory', 'reservations', 'purchasing', 'accounting', 'subscriptions'],
  inventory: ['reservations', 'purchasing', 'accounting', 'subscriptions'],
  reservations: ['purchasing', 'accounting'],
  purchasing: ['reservations', 'accounting'],
};

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A file must not import itself through others: move the shared part down, or register a hook.',
      severity: 'error',
      from: { pathNot: '[.]entity[.]ts$' },
      to: { circular: true },
    },
    {
      name: 'no-runtime-cycle-between-entities',
      comment:
        "Both sides of an ORM relation name each other: one side imports the other as a type only and names it by string (@ManyToOne('Transfer')).",
      severity: 'error',
      from: { path: '[.]entity[.]ts$' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-not-api',
      comment:
        'src/domain is what every module uses: it must not depend on the GraphQL or HTTP layer, nor on a module.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(graphql|server|modules)/' },
    },
    ...Object.entries(below).map(([module, above]) => ({
      name: `${module}-imports-no-module-above-it`,
      comment: `${module} must not import ${above.join(', ')}: they build on it (register a hook instead).`,
      severity: 'error',
      from: { path: `^${MODULES}/${module}/` },
      to: { path: `^${MODULES}/(${above.join('|')})/` },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
