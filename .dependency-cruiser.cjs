/** Import boundaries, checked by `npm run lint`: imports run down (app → lib/lab → lib/auth → lib/db), never in a circle. */
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A module that imports itself through others cannot be read top to bottom.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      comment: "Folders form layers; two folders that import each other are one folder in two places.",
      severity: "error",
      scope: "folder",
      from: { path: "^(lib|bench)/" },
      to: { circular: true },
    },
    {
      name: "app-uses-the-auth-surface",
      comment: "Pages ask lib/auth's public surface about sessions and never reach the database or the session core's internals.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^lib/(db/|generated/|auth/)", pathNot: "^lib/auth/(index|mode)\\.ts$" },
    },
    {
      name: "auth-does-not-measure",
      comment: "The session core never depends on what measures it.",
      severity: "error",
      from: { path: "^lib/auth/" },
      to: { path: "^(lib/lab|bench)/" },
    },
    {
      name: "lib-does-not-import-bench",
      comment: "What the site runs never depends on the measuring code.",
      severity: "error",
      from: { path: "^(lib|app)/" },
      to: { path: "^bench/" },
    },
    {
      name: "start-up-does-not-measure",
      comment: "What `npm start` runs never depends on the /compare view models.",
      severity: "error",
      from: { path: "^lib/(launch|http|server)/" },
      to: { path: "^lib/lab/" },
    },
    {
      name: "db-below-auth",
      comment: "The database layer knows tables and connections, not sessions.",
      severity: "error",
      from: { path: "^lib/db/" },
      to: { path: "^lib/auth/" },
    },
    {
      name: "env-schema-imports-no-session-code",
      comment: "Every module reads the env, so the schema that validates it stands below the session core, start-up and the lab.",
      severity: "error",
      from: { path: "^lib/env-schema\\.ts$" },
      to: { path: "^(lib/(auth|launch|lab)|bench)/" },
    },
    {
      name: "api-stands-alone",
      comment: "The API service trusts tokens it can verify, never the site's code or database.",
      severity: "error",
      from: { path: "^api/" },
      to: { path: "^(lib|app|bench)/" },
    },
    {
      name: "cli-stands-alone",
      comment:
        "The command-line tool is a client like any other: it knows the provider and the API by their URLs, not their code.",
      severity: "error",
      from: { path: "^cli/" },
      to: { path: "^(lib|app|bench|api)/" },
    },
    {
      name: "attacker-stands-alone",
      comment: "The attacker's site is another site: it knows the lab only by its public URLs, never its code.",
      severity: "error",
      from: { path: "^attacker/" },
      to: { path: "^(lib|app|bench|api|cli)/" },
    },
    {
      name: "spa-runs-in-the-browser",
      comment:
        "The single-page app's own modules run in the browser, like any other client: they know the provider and the API by their URLs, never the site's server code.",
      severity: "error",
      from: { path: "^app/spa/(callback/)?[^/]+\\.tsx?$", pathNot: "(^|/)page\\.tsx$" },
      to: { path: "^lib/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib/generated|bench/bare-next-app|bench/results)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
