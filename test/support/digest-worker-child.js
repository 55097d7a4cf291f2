// A keepwarm worker in a child process, run straight from the TypeScript sources (compiled on load
// with @swc/core and the repository's .swcrc, as jest does), so the two-worker digest test needs
// no fresh `npm run build`. The parent talks to it over the fork IPC channel.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { filename, swcrc: true });
  module._compile(code, filename);
};

require('./digest-worker-main.ts');
