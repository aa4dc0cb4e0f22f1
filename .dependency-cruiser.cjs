// The architecture's boundaries, checked on every `npm run lint` (the README's picture draws them).

/**
 * The only lib-to-lib edges there are: a new one is a design decision, made here on purpose.
 * Each lib may use itself and the libs listed.
 */
const LIB_EDGES = {
  access: ['read-store'],
  connectors: ['domain'],
  domain: [],
  'event-store': ['domain', 'eventstore-embedded'],
  'eventstore-embedded': [],
  'personal-data': ['domain', 'read-store'],
  projections: ['domain', 'event-store', 'personal-data', 'read-store'],
  'read-store': [],
};

/** Tests, fixtures, benchmarks and the soak: code that runs in development only. */
const DEVELOPMENT_ONLY = ['\\.spec\\.ts$', '(^|/)testing/', '^test/', '^apps/[^/]+/(bench|soak)/', '^libs/[^/]+/bench/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...Object.entries(LIB_EDGES).map(([lib, uses]) => ({
      name: `lib-edges-of-${lib}`,
      severity: 'error',
      comment: `libs/${lib} may use ${uses.length ? uses.join(', ') : 'no other lib'}: see LIB_EDGES.`,
      from: { path: `^libs/${lib}/`, pathNot: DEVELOPMENT_ONLY },
      to: { path: '^libs/', pathNot: `^libs/(${[lib, ...uses].join('|')})/` },
    })),
    {
      name: 'lib-edges-are-listed',
      severity: 'error',
      comment: 'A lib missing from LIB_EDGES has no allowed edges yet: list it.',
      from: { path: '^libs/', pathNot: `^libs/(${Object.keys(LIB_EDGES).join('|')})/` },
      to: { path: '^libs/' },
    },
    {
      name: 'production-without-development-code',
      severity: 'error',
      comment: 'Production code imports no test, fixture or benchmark module.',
      from: { path: '^(apps|libs)/', pathNot: DEVELOPMENT_ONLY },
      to: { path: DEVELOPMENT_ONLY },
    },
    {
      name: 'specs-beside-code-stand-alone',
      severity: 'error',
      comment:
        'A spec beside its code needs only that code and what it starts itself; one that needs the shared test support (a running API, the stores, the read-store targets) lives under test/.',
      from: { path: '^(apps|libs)/.+\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'production-without-dev-dependencies',
      severity: 'error',
      comment: 'A devDependency is not installed in production (npm ci --omit=dev): production code may not import one.',
      from: { path: '^(apps|libs)/', pathNot: DEVELOPMENT_ONLY },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are really one; untangle them.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import depcruise cannot resolve escapes every other rule (e.g. a broken @hindsight/* alias).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'domain-without-frameworks',
      severity: 'error',
      comment: 'libs/domain is pure TypeScript: no Nest, no event store client, no gRPC.',
      from: { path: '^libs/domain/' },
      to: { path: '(^|/)node_modules/(@nestjs|@eventstore|@grpc)/' },
    },
    {
      name: 'domain-without-io',
      severity: 'error',
      comment: 'libs/domain does no I/O: time, files and sockets come in from the outside.',
      from: { path: '^libs/domain/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|tls|child_process)$',
      },
    },
    {
      name: 'domain-without-other-libs',
      severity: 'error',
      comment: 'libs/domain depends on no other lib; the others depend on it.',
      from: { path: '^libs/domain/' },
      to: { path: '^libs/', pathNot: '^libs/domain/' },
    },
    {
      name: 'libs-without-apps',
      severity: 'error',
      comment: 'Libraries serve applications, never the other way round.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-only-through-their-index',
      severity: 'error',
      comment: "Use another lib through @hindsight/<lib> (its src/index.ts), never its internals.",
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'apps-use-libs-through-their-index',
      severity: 'error',
      comment: 'Applications and end-to-end tests use a lib through @hindsight/<lib> only.',
      from: { path: '^(apps|test)/' },
      to: { path: '^libs/[^/]+/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    // Type-only imports count too: the domain must not even name a Nest type.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
