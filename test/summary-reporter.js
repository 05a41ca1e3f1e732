// Prints skipped tests with their reasons and the plain closing line CI reads
// ("Tests: N passed, N failed, N skipped").
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const t of file.testResults) if (t.status === 'pending' || t.status === 'todo') skipped.push(t.fullName);
    }
    if (skipped.length) process.stdout.write(`\nSkipped:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(`\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
