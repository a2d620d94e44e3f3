export const USAGE = `Usage: idempotency-lint [options] [paths...]

Finds non-idempotent message-consumer code (increment writes, missing dedup
checks, acks before the work is done) in JavaScript and TypeScript. Directories
are searched recursively for .ts .tsx .mts .cts .js .jsx .mjs .cjs files,
skipping node_modules and .git, what .gitignore files ignore, and by default
what is not the project's own source: package managers' folders (.yarn/,
.pnpm-store/), build output folders without TypeScript sources (dist/, build/,
.next/, ...), minified bundles and generated files (@generated / DO NOT EDIT
headers). Files named explicitly are linted whatever their extension. Paths
default to the current directory.

Options:
  -f, --format <name>        Output format: stylish (default), json or sarif
  -o, --output-file <path>   Write the report to a file instead of stdout
  -c, --config <file.json>   JSON file with "settings" (settings.idempotency:
                             consumers, dedupFunctions, idempotentWrites, guard,
                             dedupTable, helperDepth, followImports) and "rules" (severity
                             overrides, e.g. {"no-increment-write": "warn"})
      --ignore-pattern <pat> Skip files matching a .gitignore-style pattern,
                             relative to the current directory (repeatable)
      --no-default-ignores   Also lint generated, minified, package-manager and
                             build-output files
      --fix                  Apply safe autofixes in place (suggestions are
                             never applied; review them in your editor)
      --list-consumers       List every message handler found (where, how it
                             was found, its message key) instead of findings;
                             with --format json: { "consumers": [...] }
      --quiet                Report errors only
      --max-warnings <n>     Exit with code 1 when there are more than n warnings
  -h, --help                 Show this help
  -v, --version              Show version numbers

Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings),
2 usage, configuration or I/O error.
`;
