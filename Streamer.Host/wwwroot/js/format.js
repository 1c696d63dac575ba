const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A duration in ms as people read it: 320 ms, 4.2 s, 3 min 12 s, 2 h 5 min. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A timestamp in the reader's locale, or a dash. */
export function formatTime(value) {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? timeFormat.format(date) : "–";
}

/** A byte count: 812 B, 14.2 KB, 3.1 MB. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Whole percent, rounded down so a bar only says 100 % when the work is done. */
export function formatPercent(value) {
  return `${Math.floor(Math.max(0, Math.min(100, value ?? 0)))} %`;
}

/**
 * The downloadable files an output names: the built-in actions put one under "file" as
 * { url, blob_name, content_type, size_bytes }. Only http(s) links are offered, so an output can never
 * smuggle a javascript: URL into the page.
 */
export function fileLinks(output) {
  const file = output && typeof output === "object" ? output.file : null;
  if (!file || typeof file !== "object" || typeof file.url !== "string") return [];
  let url;
  try {
    url = new URL(file.url);
  } catch {
    return [];
  }

  if (url.protocol !== "https:" && url.protocol !== "http:") return [];
  const name = typeof file.blob_name === "string" ? file.blob_name.split("/").pop() : "file";
  return [{ href: url.href, name, size: typeof file.size_bytes === "number" ? file.size_bytes : null, contentType: file.content_type ?? null }];
}
