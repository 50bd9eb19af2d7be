// The colours the timeline draws with, read from VS Code's theme variables (read again when the theme changes), with
// fallbacks for a page outside VS Code.

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  groupBand: string;
  hover: string;
  focus: string;
  succeeded: string;
  failed: string;
  running: string;
  pending: string;
  other: string;
  critical: string;
  now: string;
  font: string;
  fontBold: string;
  fontSmall: string;
}

export function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const family = v('--vscode-font-family', 'system-ui, sans-serif');
  const size = parseFloat(v('--vscode-font-size', '13px')) || 13;
  return {
    background: v('--vscode-editor-background', '#1e1e1e'),
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', '#454545')),
    groupBand: v('--vscode-sideBarSectionHeader-background', v('--vscode-editorWidget-background', '#252526')),
    hover: v('--vscode-list-hoverBackground', 'rgba(128,128,128,0.15)'),
    focus: v('--vscode-focusBorder', '#007fd4'),
    succeeded: v('--vscode-testing-iconPassed', '#73c991'),
    failed: v('--vscode-testing-iconFailed', '#f14c4c'),
    running: v('--vscode-charts-blue', '#3794ff'),
    pending: v('--vscode-charts-yellow', '#cca700'),
    other: v('--vscode-disabledForeground', '#8b8b8b'),
    critical: v('--vscode-charts-purple', '#b180d7'),
    now: v('--vscode-charts-orange', '#d18616'),
    font: `${size}px ${family}`,
    fontBold: `600 ${size}px ${family}`,
    fontSmall: `${Math.max(10, size - 2)}px ${family}`,
  };
}

/** The colour of a phase, and its name in the legend. */
export function phaseColor(p: Palette, phase: string): string {
  switch (phase) {
    case 'Succeeded':
      return p.succeeded;
    case 'Failed':
    case 'Error':
      return p.failed;
    case 'Running':
      return p.running;
    case 'Pending':
      return p.pending;
    default:
      return p.other;
  }
}
