import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

// The least a Standard Webhooks receiver in Node can do: read the body, verify its signature with the
// same library keepwarm uses, parse it, answer 200. It stores nothing. bench/ingest runs it with the
// same load generator as keepwarm, to show what this machine gives any Node HTTP endpoint.
//
// Environment: PORT, HOST [127.0.0.1], WEBHOOK_SECRET.

const verifier = new Webhook(process.env.WEBHOOK_SECRET ?? '');
const accepted = JSON.stringify({ status: 'accepted', events: 1 });

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}'); // readiness
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    let status = 200;
    try {
      verifier.verify(body, request.headers as Record<string, string>, { jsonParse: false });
      JSON.parse(body.toString('utf8'));
    } catch {
      status = 400;
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status === 200 ? accepted : '{}');
  });
});

server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
