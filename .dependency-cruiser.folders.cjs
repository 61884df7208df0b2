/**
 * The folders of src depend one way too (`npm run lint:deps` runs this after .dependency-cruiser.cjs):
 * no cycle between folders, top-level (auth, graphql, pubsub, server, observability, ...) or module
 * (src/modules/<name>), even when no single file closes the cycle. The order, bottom up:
 * config, domain, observability, db, pubsub, idempotency, auth, graphql, the modules (company <-
 * catalog <- inventory <- purchasing <- access <- reservations <- accounting, subscriptions),
 * seed, server. test/lint/dependency-rules.test.ts proves that a new folder cycle fails.
 *
 * Left out of this check (their imports still pass every rule of .dependency-cruiser.cjs):
 * - composition roots, which wire every module together by design: the ORM config (entities,
 *   subscribers) and the GraphQL schema (resolvers).
 */
const files = require('./.dependency-cruiser.cjs');

const COMPOSITION_ROOTS = ['src/config/mikro-orm[.]config[.]ts$', 'src/graphql/schema[.]ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'Folders depend one way: move the shared part down (src/domain), or have the folder above register a hook.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    ...files.options,
    exclude: { path: COMPOSITION_ROOTS },
  },
};
