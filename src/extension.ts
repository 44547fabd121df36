import * as vscode from 'vscode';

/** Wires the contributions; each registerX returns a Disposable. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
