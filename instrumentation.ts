/** Runs once per server process before it handles requests (Next's instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // the client's socket address must be captured before Next reads the request: see lib/forwarded.ts
    const { installPeerStamp } = await import("./lib/forwarded");
    installPeerStamp();
  }
}
