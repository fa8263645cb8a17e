// The house rules for imports (docs/architecture.md), checked in CI by
// `npm run lint:deps` (dependency-cruiser). Rooms by pipeline stage: model and
// text at the bottom, ingest apart from serving, the Worker free of ingest and
// Node-only code, and nothing in the product importing benchmarks or evaluation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide types in the wrong module; move the shared type down (src/model).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-imports-no-bench-or-eval',
      severity: 'error',
      comment: 'bench/ and eval/ measure the product; the product never depends on them.',
      from: { path: '^(src|views)/' },
      to: { path: '^(bench|eval|tests|scripts)/' },
    },
    {
      name: 'serving-imports-no-ingest',
      severity: 'error',
      comment: 'Search, answers, staff pages and the app read a knowledge base; only ingest writes one.',
      from: { path: '^(src/(search|app|staff|i18n|model|text)/|src/service\\.ts|src/worker\\.ts|views/)' },
      to: { path: '^src/ingest/' },
    },
    {
      name: 'worker-reaches-no-ingest-or-node',
      severity: 'error',
      comment: 'The Worker bundle must contain no ingest code and no Node-only adapter.',
      from: { path: '^src/worker\\.ts$' },
      to: { path: '^src/(ingest/|adapters/node/)', reachable: true },
    },
    {
      name: 'model-is-types-only',
      severity: 'error',
      comment: 'src/model holds the data model; it depends on nothing else of ours.',
      from: { path: '^src/model/' },
      to: { path: '^(src/(?!model/)|views/)' },
    },
    {
      name: 'text-is-plain-text',
      severity: 'error',
      comment: 'src/text is plain text functions: it may use the model, nothing above it.',
      from: { path: '^src/text/' },
      to: { path: '^(src/(?!model/|text/)|views/)' },
    },
    {
      name: 'core-imports-no-adapters',
      severity: 'error',
      comment: 'Runtime-specific code (fs, SQLite, nodejieba, D1) lives in adapters, injected by the entries.',
      from: { path: '^(src/(model|text|ingest|search|staff|i18n|app)/|src/(service|settings)\\.ts|views/)' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'core-uses-no-node-builtins',
      severity: 'error',
      comment: 'Only adapters and entries touch Node built-ins (the same core runs on Workers).',
      from: { path: '^(src/(model|text|search|staff|i18n|app)/|src/(service|settings)\\.ts|views/)' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'entries-only-wire',
      severity: 'error',
      comment: 'Nothing imports an entry file.',
      from: {},
      to: { path: '^src/(node|worker)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.json', '.d.ts'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
    },
  },
};
