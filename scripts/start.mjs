#!/usr/bin/env node
// `npm start`: the production server (after `npm run build`). One `next start` is one Node thread, so on
// PostgreSQL it runs WEB_CONCURRENCY copies (default: one per CPU) as a Node cluster sharing the port: the
// primary only accepts connections and hands them round-robin to the workers. The embedded database
// (PGlite) can be opened by one process only, so without DATABASE_URL there is always a single worker.
// A worker that dies is started again (after a pause if it keeps dying); SIGTERM/SIGINT stop them all.
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";

const next = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
const args = ["start", ...process.argv.slice(2)];
const wanted = Number(process.env.WEB_CONCURRENCY || 0) || os.availableParallelism();
const workers = process.env.DATABASE_URL ? Math.max(1, Math.floor(wanted)) : 1;
if (!process.env.DATABASE_URL && Number(process.env.WEB_CONCURRENCY) > 1) {
  console.warn("[zhike] WEB_CONCURRENCY ignored: the embedded database (no DATABASE_URL) allows one server process");
}

cluster.setupPrimary({ exec: next, args });
let stopping = false;
const started = new Map();

function fork(index) {
  // the daily job is safe to run in every worker (each inbox is rolled over once, under an advisory lock),
  // but one is enough; ZHIKE_JOBS set by the operator wins
  const env = { ZHIKE_WORKER: String(index), ...(index > 0 && !process.env.ZHIKE_JOBS ? { ZHIKE_JOBS: "off" } : {}) };
  const w = cluster.fork(env);
  started.set(w.id, { index, at: Date.now() });
}

cluster.on("exit", (w, code, signal) => {
  const info = started.get(w.id);
  started.delete(w.id);
  if (stopping || !info) {
    if (stopping && started.size === 0) process.exit(0);
    return;
  }
  // a worker that lived less than 10 s is restarted after 5 s, so a broken build does not spin
  const quick = Date.now() - info.at < 10_000;
  console.error(`[zhike] server worker ${info.index} exited (${signal || code}); restarting${quick ? " in 5 s" : ""}`);
  setTimeout(() => fork(info.index), quick ? 5_000 : 0);
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stopping = true;
    if (started.size === 0) process.exit(0);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(sig);
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}

if (workers > 1) console.log(`[zhike] ${workers} server workers (WEB_CONCURRENCY)`);
for (let i = 0; i < workers; i++) fork(i);
