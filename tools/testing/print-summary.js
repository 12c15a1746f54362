// Prints the per-project and total Jest counts written by summary-reporter.js.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
  .sort((a, b) => a.project.localeCompare(b.project));
const total = { passed: 0, failed: 0, skipped: 0 };
for (const row of rows) {
  console.log(`  ${row.project.padEnd(32)} ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped`);
  for (const key of Object.keys(total)) total[key] += row[key];
}
console.log(`${rows.length} projects`);
console.log(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
