// Saving what the server sent as a file the user downloads.

/** Saves a blob under a name, as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click() returns: revoke it later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
