// @ts-check
/**
 * Jest runs the TypeScript sources through swc with the same options as the build (.swcrc), minus
 * the path rewriting, which moduleNameMapper does here.
 *
 * Nest 12 and a few of its dependencies ship ES modules only. Node loads them from CommonJS
 * (require(esm)), but Jest's module system cannot before Node 24.9, so those packages are
 * compiled to CommonJS too: every package under node_modules whose package.json says
 * "type": "module" is exempted from transformIgnorePatterns, and so is mercurius, a CommonJS
 * package that loads an ES module with import(), which Jest refuses without vm modules.
 */
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const { baseUrl: _baseUrl, paths: _paths, ...jscWithoutPaths } = swcrc.jsc;

const sourceTransform = { ...swcrc, swcrc: false, jsc: jscWithoutPaths };
const esmPackageTransform = {
  swcrc: false,
  jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
  module: { type: 'commonjs' },
};

/** @param {string} nodeModules */
function esModulePackages(nodeModules) {
  const names = [];
  for (const entry of fs.readdirSync(nodeModules)) {
    const packageDirs = entry.startsWith('@')
      ? fs.readdirSync(path.join(nodeModules, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of packageDirs) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(nodeModules, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(name);
      } catch {
        // not a package (e.g. .bin): nothing to exempt
      }
    }
  }
  return names;
}

const escapeRegExp = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const commonJsPackagesUsingImport = ['mercurius'];
const packagesToCompile = [...esModulePackages(path.join(__dirname, 'node_modules')), ...commonJsPackagesUsingImport]
  .map(escapeRegExp)
  .join('|');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.unit.spec.ts', '**/*.int.spec.ts', '**/*.e2e.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', sourceTransform],
    '/node_modules/.+\\.js$': ['@swc/jest', esmPackageTransform],
    // The journey viewer's browser modules, for the test that checks its queries against the schema.
    '/apps/api/src/viewer/public/.+\\.js$': ['@swc/jest', esmPackageTransform],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${packagesToCompile})/)`],
  moduleNameMapper: {
    '^@hindsight/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
};
