// Jest reporter: writes each project's counts to $TEST_SUMMARY_DIR so that `npm test` can
// close with one total line over all Nx projects (Nx prints none of its own).
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join, relative } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    // Nx runs Jest once per project, from the project's folder: that folder names the project.
    const root = globalConfig.rootDir || process.cwd();
    this.name = relative(join(__dirname, '../..'), root) || basename(root);
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.TEST_SUMMARY_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.name.replace(/\//g, '__')}-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        project: this.name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = SummaryReporter;
