/**
 * Ends every Jest run with one plain line, `Tests: N passed, N failed[, N skipped]`, for tools that
 * read a run's outcome from its closing line rather than from Jest's own summary. A suite that
 * could not run at all (a syntax error, a failing import) counts as one failure.
 *
 * Jest prints its summary after every custom reporter has finished, so the line is written when
 * the process exits, to come last.
 */
let closingLine;
process.once('exit', () => {
  if (closingLine) process.stdout.write(`${closingLine}\n`);
});

class PlainSummaryReporter {
  onRunComplete(_testContexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    closingLine = `Tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  }
}

module.exports = PlainSummaryReporter;
