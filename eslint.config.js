// typescript-eslint with type information (recommendedTypeChecked), plus the rules this project relies on:
// nothing unused (variables, imports, parameters, caught errors, disable directives), no floating or misused
// promises, exhaustive switches. Formatting is prettier's (`.prettierrc.json`); `npm run lint` runs both.
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { defineConfig, globalIgnores, includeIgnoreFile } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // What git ignores (dist/, tmp/, …) and buf's output.
  includeIgnoreFile(fileURLToPath(new URL(".gitignore", import.meta.url))),
  globalIgnores(["gen/"]),
  { linterOptions: { reportUnusedDisableDirectives: "error", reportUnusedInlineConfigs: "error" } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json covers src, test, bench, gen and vitest.config.ts; this file is outside it.
        projectService: { allowDefaultProject: ["eslint.config.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // A promise returned from inside try/catch/finally must be awaited there, or the catch misses its
      // rejection and the finally (a semaphore release, a timer clear) runs before it settles.
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      // Switches without a default must name every member of the union; a default is a deliberate catch-all
      // (e.g. the string cases of a JsonValue, whose true/false/null members no switch should list).
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Under verbatimModuleSyntax, `import { type A }` still loads the module; all-type imports say `import type`.
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
);
