import * as path from 'node:path';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** ../shared beside the checkout: Argo's corpus and the failure taxonomy (test data). */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const FAILURES = path.join(SHARED, 'failures');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
