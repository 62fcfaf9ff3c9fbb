// Turns an exported file the resolver answered (text, or base64 for the compass.yml archive) into a download: a
// Blob behind a link the page clicks. The bytes are decoded here so a test can check them without a browser.
import type { ExportedFile } from './admin-operations';

/** The file's content as a Blob takes it: text as is (UTF-8), base64 decoded to its bytes. */
export function exportedFileContent(file: ExportedFile): string | Uint8Array<ArrayBuffer> {
  if (file.encoding === 'utf8') return file.content;
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function exportedFileBlob(file: ExportedFile): Blob {
  return new Blob([exportedFileContent(file)], { type: file.mediaType });
}

/** Saves the file through the browser's download: a temporary link to an object URL, clicked, then released. */
export function downloadExportedFile(file: ExportedFile, documentRef: Document = document): void {
  const url = URL.createObjectURL(exportedFileBlob(file));
  const link = documentRef.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  documentRef.body.appendChild(link);
  link.click();
  link.remove();
  // Released after the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
