import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "artifacts",
      "cache",
      "typechain-types",
      "coverage",
      "data",
      "test-output",
      "dist",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly" } },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // SQL lives in the stores: the read model owns index.sqlite, service-db owns service.sqlite and the scan
    // counter, chain/ its journal, keystore/ the sealed keys, ipfs/ the embedded node's blocks. Everything else calls their named functions.
    files: ["services/**/*.ts", "web/**/*.ts"],
    ignores: [
      "services/read-model/**",
      "services/service-db/**",
      "services/chain/**",
      "services/keystore/**",
      "services/ipfs/**",
      "services/config/data-dir-lock.ts",
    ],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(prepare|pragma)$/]",
          message:
            "SQL belongs to the stores (services/read-model, service-db, chain, keystore): add a named query function there and call it.",
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          message:
            "SQL belongs to the stores (services/read-model, service-db, chain, keystore): add a named query function there and call it.",
        },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
    // CommonJS files exist to be loaded by require (config files, the worker-thread entry): require is the point.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["web/static/**/*.js"],
    languageOptions: { globals: { document: "readonly", window: "readonly", navigator: "readonly" } },
  },
);
