import fs from 'node:fs';

/** Makes a directory's entries (files created or renamed in it) durable, as fsync does for data. */
export function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
