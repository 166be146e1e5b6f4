/**
 * The load side of bench/ledger/append.ts, in a process of its own so that
 * the server it measures has its core to itself: `clients` keep-alive
 * connections, each sending one recorded write after another, until `count`
 * writes have been answered. Answers `{seconds, latencies, cpuSeconds}` over IPC:
 * its own CPU time, to tell a busy server from a client that cannot keep up.
 */
import http from 'node:http';

interface Job {
  url: string;
  token: string;
  clients: number;
  count: number;
  /** a prefix that keeps scene numbers unique across runs on one production */
  tag: string;
}

function post(agent: http.Agent, url: URL, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

process.on('message', (job: Job) => {
  void (async () => {
    const url = new URL(job.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
    const latencies: number[] = [];
    let next = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: job.clients }, async () => {
        for (let n = next++; n < job.count; n = next++) {
          const body = JSON.stringify({ number: `${job.tag}-${n}`, description: 'Saloon standoff', hazards: ['firearms', 'blanks'] });
          const sent = performance.now();
          const status = await post(agent, url, job.token, body);
          if (status !== 201) throw new Error(`write ${n} answered ${status}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    agent.destroy();
    process.send!({ seconds, latencies, cpuSeconds: (used.user + used.system) / 1e6 });
  })().catch((error: unknown) => {
    process.send!({ error: String(error) });
  });
});
