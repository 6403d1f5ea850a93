import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// Every react-hooks rule that Next's config turns on, for switching them off where there is no React.
const reactHooksRulesOff = Object.fromEntries(
  nextCoreWebVitals
    .flatMap((config) => Object.keys(config.rules ?? {}))
    .filter((rule) => rule.startsWith("react-hooks/"))
    .map((rule) => [rule, "off"]),
);

export default defineConfig([
  // Build output, generated code, local data and test reports: not sources.
  globalIgnores([
    ".next/**",
    ".data/**",
    "lib/generated/**",
    // The bench's bare reference app is its own Next project, with its own (absent) tsconfig paths.
    "bench/bare-next-app/**",
    "bench/results/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers print the same in every locale and are how durations, counts and ports reach messages.
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowNumber: true, allowRegExp: false },
      ],
      // `() => resolve()` and `(line) => console.log(line)` are idiomatic callbacks; braces would add only noise.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // `||` on a string here deliberately treats "" as missing (form fields, headers, zod paths); `??` would not.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
      // The codebase declares object shapes with `type`; interfaces appear only where module augmentation needs them.
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
    },
  },
  {
    // Module augmentation (next-auth's Session and JWT) merges only with an interface.
    files: ["**/*.d.ts"],
    rules: { "@typescript-eslint/consistent-type-definitions": "off" },
  },
  {
    // No React here, and Playwright fixtures call a function named `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: reactHooksRulesOff,
  },
  {
    // A test that dereferences a missing value fails loudly anyway; a guard would only restate the assertion.
    files: ["**/*.test.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    // Plain JavaScript config files are outside the TypeScript project, so they get no type-aware rules.
    files: ["**/*.{js,mjs,cjs}"],
    extends: [tseslint.configs.disableTypeChecked],
  },
]);
