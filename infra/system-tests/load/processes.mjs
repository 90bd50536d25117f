// Which processes the soak watches and their resident memory, read from /proc (Linux only).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** VmRSS of a process in bytes, or undefined when it is gone or /proc cannot tell. */
export function residentBytes(pid) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in seconds, or undefined when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * The processes behind a gateway this script did not start: the one listening on its port (on this
 * machine) and its descendants, named by what they run. Returns { processes, reason } where reason
 * says why some or all could not be found.
 */
export function processesBehindGateway(gatewayUrl) {
  const url = new URL(gatewayUrl);
  if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(url.hostname)) {
    return { processes: [], reason: `${url.hostname} is not this machine` };
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const inodes = listeningInodes(port);
  if (!inodes.size)
    return { processes: [], reason: `no listening socket on port ${port} in /proc` };
  const pids = allPids();
  const owner = pids.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        const link = safeReadlink(`/proc/${pid}/fd/${fd}`);
        return link && inodes.has(link.slice('socket:['.length, -1));
      });
    } catch {
      return false;
    }
  });
  if (!owner) {
    return { processes: [], reason: `the process listening on port ${port} is not readable` };
  }
  const parents = new Map(pids.map((pid) => [pid, parentOf(pid)]));
  const descendants = [];
  const queue = [owner];
  while (queue.length) {
    const pid = queue.shift();
    for (const [child, parent] of parents) {
      if (parent === pid) {
        descendants.push(child);
        queue.push(child);
      }
    }
  }
  const processes = [{ name: 'gateway', pid: owner }];
  for (const pid of descendants) {
    const name = roleOf(commandLine(pid));
    if (name) processes.push({ name, pid });
  }
  processes.push({ name: 'load', pid: process.pid });
  return { processes, reason: undefined };
}

function listeningInodes(port) {
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(':').at(-1), 16);
      const listening = fields[3] === '0A';
      if (listening && localPort === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function allPids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function parentOf(pid) {
  try {
    // The command name in field 2 may hold spaces and parentheses: read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function safeReadlink(path) {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function roleOf(command) {
  const service = command.match(/services\/([\w-]+)\/dist\/main\.js/);
  if (service) return service[1];
  if (/embedded-kafka/.test(command)) return 'kafka';
  if (/embedded-mongo/.test(command)) return 'mongo';
  return undefined;
}
