/**
 * The one way a download is named (Content-Disposition, RFC 6266 / RFC 5987): a plain-ASCII
 * `filename` for old clients and the real, Chinese name as `filename*=UTF-8''…`. Characters a
 * file system refuses are replaced; the name is kept to 150 characters.
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const safe = fileName.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').slice(0, 150);
  const encoded = encodeURIComponent(safe).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
