// The bundled demo web app the local provider runs for an instance ("sample-web"). Plain node:http, no
// dependencies. Usage: node sample-app.mjs --port 8080 [--host 127.0.0.1] [--name web] [--instance i-1] [--image sample-web:v2]
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    name: { type: "string", default: "sample-web" },
    instance: { type: "string", default: "" },
    image: { type: "string", default: "sample-web" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`sample-app: --port must be a port number, got ${values.port ?? "nothing"}`);
  process.exit(2);
}

const startedAt = new Date();
let requests = 0;

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function describe() {
  return {
    app: "sample-web",
    name: values.name,
    instance: values.instance,
    image: values.image,
    pid: process.pid,
    host: os.hostname(),
    port,
    startedAt: startedAt.toISOString(),
    requests,
  };
}

const server = http.createServer((request, response) => {
  requests += 1;
  const url = new URL(request.url ?? "/", "http://localhost");
  if (url.pathname === "/health") {
    // The tag "unhealthy" (sample-web:unhealthy) stands for a broken release: it serves, but fails its health check.
    const isUnhealthy = values.image.endsWith(":unhealthy");
    response.writeHead(isUnhealthy ? 503 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify({ status: isUnhealthy ? "unhealthy" : "ok" }));
    return;
  }
  if (url.pathname !== "/") {
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: "not found", path: url.pathname }));
    return;
  }
  const info = describe();
  if ((request.headers.accept ?? "").includes("text/html")) {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    const rows = Object.entries(info).map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(String(v))}</td></tr>`);
    response.end(`<!doctype html><title>${escape(info.name)}</title><h1>Hello from ${escape(info.name)}</h1><table>${rows.join("")}</table>`);
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(info));
});

server.listen(port, values.host, () => console.log(`sample-web ${values.name} (${values.instance}) listening on http://${values.host}:${port}`));

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
