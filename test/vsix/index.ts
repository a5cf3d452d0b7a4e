// The in-host runner of the installed-VSIX suite (test/host/runVsix.mjs): the integration
// suite's runner, unchanged. Bundled on its own to out/test/vsix/index.js, so the `__dirname`
// it searches for `*.test.js` is out/test/vsix and only this suite's tests run.
export { run } from '../integration/index';
