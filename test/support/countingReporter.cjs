// Mocha's spec reporter, plus the counts written to $ARGO_DOCTOR_COUNTS so `npm test` can tell a layer that ran no
// test from one that passed.
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.ARGO_DOCTOR_COUNTS;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, pending }));
    });
  }
}
module.exports = CountingReporter;
