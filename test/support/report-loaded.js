// Preloaded with `node -r` by the CLI test: at exit, says on stderr whether any Pulumi or cloud
// SDK module was loaded by the process, so the test can prove the CLI never loads them.
'use strict';
process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((k) =>
    /[\\/](@pulumi|aws-sdk|@aws-sdk|@azure|googleapis)[\\/]/.test(k),
  );
  if (loaded.length > 0) process.stderr.write(`LOADED ${loaded[0]}\n`);
});
