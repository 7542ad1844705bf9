import http from "node:http";
import https from "node:https";

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Runs `hook` around every event of every http(s) server of this process that carries a request ("request",
 * "checkContinue", "upgrade"…), before the server's listeners — Next's handler among them — see it. The hook
 * gets the event, the request, the second argument (the response, for "request") and `next`, which delivers
 * the event. Returns a function that restores the servers' own `emit`. Used by the peer stamp
 * (lib/forwarded.ts) and the benchmark's SQL timing (db/sql-timing.ts).
 */
export function wrapServerEmit(hook: (event: string | symbol, req: http.IncomingMessage, second: unknown, next: () => boolean) => boolean) {
  const undo: (() => void)[] = [];
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as { emit: Emit };
    const had = Object.prototype.hasOwnProperty.call(proto, "emit");
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      const next = () => emit.call(this, event, ...args);
      return args[0] instanceof http.IncomingMessage ? hook(event, args[0], args[1], next) : next();
    };
    undo.push(() => (had ? (proto.emit = emit) : delete (proto as { emit?: unknown }).emit));
  }
  return () => undo.reverse().forEach((u) => u());
}
