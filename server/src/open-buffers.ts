/**
 * The open documents as the project model's text overlay: when the analysis of one file reads
 * another that is open, it reads the editor's buffer (unsaved edits included), not the disk.
 */
import { fileURLToPath } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextOverlay } from '../../rules/src/project/fs-cache';

export class OpenBuffers implements TextOverlay {
  /** File path → document URI, for the documents that are files. */
  private readonly uris = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** Call when a document opens; returns its path (null for an untitled or non-file document). */
  opened(uri: string): string | null {
    const file = filePathOf(uri);
    if (file) this.uris.set(file, uri);
    return file;
  }

  /** Call when a document closes; returns its path. */
  closed(uri: string): string | null {
    const file = filePathOf(uri);
    if (file && this.uris.get(file) === uri) this.uris.delete(file);
    return file;
  }

  isOpen(file: string): boolean {
    const uri = this.uris.get(file);
    return uri !== undefined && this.documents.get(uri) !== undefined;
  }

  textOf(file: string): { text: string; version: number } | null {
    const uri = this.uris.get(file);
    const document = uri === undefined ? undefined : this.documents.get(uri);
    return document ? { text: document.getText(), version: document.version } : null;
  }
}

export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
