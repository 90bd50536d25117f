// The client stack's ceiling for the findOne benchmark: a proxy in front of the embedded server
// that forwards every message (handshake, monitoring, sessions, writes) except `find`, which it
// answers with the bytes of the first real find reply it saw. No parsing beyond the command name,
// no storage, no BSON encoding: what mongoose and the driver achieve against a server that costs
// next to nothing. Prints `listening on <mongodb uri>`.
//   node bench/recorded-find-server.mjs <upstream host:port>
import net from 'node:net';

const [upstreamHost, upstreamPort] = process.argv[2].split(':');
const HEADER = 16;
const OP_MSG = 2013;

/** Calls onFrame with each whole wire message as it arrives on the socket. */
function frames(socket, onFrame) {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
      const length = buffered.readInt32LE(0);
      onFrame(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  });
}

/** The command name of an OP_MSG whose first section is the body (kind 0): its first key. */
function commandName(frame) {
  if (frame.readInt32LE(12) !== OP_MSG || frame[HEADER + 4] !== 0) return undefined;
  const keyStart = HEADER + 4 + 1 + 4 + 1;
  return frame.toString('latin1', keyStart, frame.indexOf(0, keyStart));
}

let recordedFindReply; // the reply's bytes after its header
const server = net.createServer((client) => {
  client.setNoDelay(true);
  const upstream = net.connect(Number(upstreamPort), upstreamHost);
  upstream.setNoDelay(true);
  const forwardedFinds = new Set();
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  frames(client, (frame) => {
    const requestId = frame.readInt32LE(4);
    if (commandName(frame) === 'find') {
      if (recordedFindReply) {
        const header = Buffer.alloc(HEADER);
        header.writeInt32LE(HEADER + recordedFindReply.length, 0);
        header.writeInt32LE(requestId, 4);
        header.writeInt32LE(requestId, 8);
        header.writeInt32LE(OP_MSG, 12);
        client.write(Buffer.concat([header, recordedFindReply]));
        return;
      }
      forwardedFinds.add(requestId);
    }
    upstream.write(frame);
  });
  frames(upstream, (frame) => {
    const respondsTo = frame.readInt32LE(8);
    if (forwardedFinds.delete(respondsTo))
      recordedFindReply ??= Buffer.from(frame.subarray(HEADER));
    client.write(frame);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on mongodb://127.0.0.1:${server.address().port}/?directConnection=true`);
});
