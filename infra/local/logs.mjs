// Where `npm start` sends what its children print: every line as written (pino JSON) to
// <dir>/<name>.log, and, unless quiet, a readable copy on the terminal, prefixed by the part's
// name in its own colour and prettified by pino-pretty.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { prettyFactory } from 'pino-pretty';

const COLOURS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'gray'];

/**
 * Returns `write(name, text)` for the stack's `onOutput` and `close()`. Options:
 * - dir: where the log files go (created)
 * - quiet: keep the terminal free of the children's lines (files are written all the same)
 * - colour: colours on the terminal (default: when stdout is a terminal and NO_COLOR is unset)
 * - out: the terminal stream (default process.stdout)
 */
export function createLogSink({ dir, quiet = false, colour, out = process.stdout }) {
  mkdirSync(dir, { recursive: true });
  const useColour = colour ?? (Boolean(out.isTTY) && !process.env.NO_COLOR);
  const pretty = prettyFactory({
    colorize: useColour,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
  const parts = new Map();
  const width = 18;

  function part(name) {
    let entry = parts.get(name);
    if (!entry) {
      const label = name.padEnd(width).slice(0, width);
      const colourName = COLOURS[parts.size % COLOURS.length];
      entry = {
        file: createWriteStream(join(dir, `${name}.log`), { flags: 'a' }),
        prefix: useColour ? paint(colourName, `${label}│ `) : `${label}│ `,
        pending: '',
      };
      parts.set(name, entry);
    }
    return entry;
  }

  return {
    write(name, text) {
      const entry = part(name);
      entry.file.write(text);
      const lines = (entry.pending + text).split('\n');
      entry.pending = lines.pop();
      if (quiet) return;
      for (const line of lines) {
        if (line.trim() === '') continue;
        // pino-pretty returns a line that is not JSON as it is, with a newline.
        const shown = line.startsWith('{') ? pretty(line).trimEnd() : line;
        out.write(`${entry.prefix}${shown}\n`);
      }
    },
    async close() {
      await Promise.all(
        [...parts.values()].map((entry) => new Promise((resolve) => entry.file.end(resolve))),
      );
    },
  };
}

// util.styleText would drop the colour when stdout is not a terminal; the caller decides here.
function paint(colourName, text) {
  const [open, close] = inspect.colors[colourName];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
