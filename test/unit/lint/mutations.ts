import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { CORPUS } from '../../support/paths';
import { yamlFiles } from './corpus';

/** The first 60 Argo examples: the texts the fuzz test and the benchmark mutate. */
export function mutationSamples(): string[] {
  return yamlFiles(path.join(CORPUS, 'argo-examples'))
    .slice(0, 60)
    .map((f) => readFileSync(f, 'utf8'));
}

/** One of `samples` with up to six random splices (delete up to 20 characters, insert up to 12). */
export function mutatedSample(samples: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: samples.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 6 }),
    )
    .map(([i, edits]) => {
      let text = samples[i]!;
      for (const [at, del, insert] of edits) {
        const pos = at % (text.length + 1);
        text = text.slice(0, pos) + insert + text.slice(pos + del);
      }
      return text;
    });
}

/** The seed and run count the fuzz test uses, so that the benchmark times the same texts. */
export const FUZZ = { numRuns: 300, seed: 42 } as const;
