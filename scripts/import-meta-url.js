// Injected into the CommonJS bundles so ESM dependencies that read import.meta.url keep working.
export const import_meta_url = require('url').pathToFileURL(__filename).href;
