/**
 * The comparison servers, one per child process:
 *   ws:  a bare `ws` WebSocketServer; the broadcast is the common idiom,
 *        `for (const c of wss.clients) c.send(payload)`; no compression.
 *   sio: a Socket.IO server, websocket transport only; `io.emit(...)`.
 * `POST /trigger {"key": "...16 chars", "bytes": N}` broadcasts a string of N
 * characters starting with the key, then answers with how many were sent.
 * Listens on 127.0.0.1 only; exits when the coordinator goes away.
 */
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { Server } from 'socket.io';
import { LOOPBACK } from './common.js';

const kind = process.argv[2];
if (kind !== 'ws' && kind !== 'sio') throw new Error('usage: floor-server.ts ws|sio');

let broadcast: (payload: string) => number;
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/trigger') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    const { key, bytes } = JSON.parse(body) as { key: string; bytes: number };
    const payload = key + 'x'.repeat(Math.max(0, bytes - key.length));
    const sent = broadcast(payload);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent }));
  });
});

if (kind === 'ws') {
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  broadcast = (payload) => {
    let sent = 0;
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(payload);
        sent += 1;
      }
    }
    return sent;
  };
} else {
  const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
  broadcast = (payload) => {
    io.emit('stop.raised', payload);
    return io.engine.clientsCount;
  };
}

server.listen(0, LOOPBACK, () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
