/** Where a rule's documentation lives in the repository (and in the packaged extension). */
export function docUrl(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
