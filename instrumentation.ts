/** Runs once per server process before it handles requests (Next's instrumentation hook). */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // the client's socket address must be captured before Next reads the request: see lib/forwarded.ts
    const { installPeerStamp } = await import("./lib/forwarded");
    installPeerStamp();
    // ZHIKE_SQL_TIMING=1: one line per request with the time of its SQL (db/sql-timing.ts, npm run bench:pages)
    const { installSqlTiming } = await import("./db/sql-timing");
    installSqlTiming();
    // daily work (the reminder roll-over); not while `next build` loads this file to prerender
    if (process.env.NEXT_PHASE !== "phase-production-build" && process.env.ZHIKE_JOBS !== "off") {
      const { startDailyJobs } = await import("./lib/jobs/daily");
      startDailyJobs();
      // customer imports that were applying when the server stopped go on where they were
      const { resumeImports } = await import("./lib/jobs/imports");
      setTimeout(() => void resumeImports().catch((e) => console.error("[jobs] import resume failed", e)), 5_000).unref();
      // bulk customer assignments likewise
      const { resumeAssignments } = await import("./lib/jobs/assignments");
      setTimeout(() => void resumeAssignments().catch((e) => console.error("[jobs] assignment resume failed", e)), 5_000).unref();
      // campaigns that were sending when the server stopped finish (nobody is sent a message twice: lib/jobs/marketing.ts)
      const { resumeCampaigns } = await import("./lib/jobs/marketing");
      setTimeout(() => void resumeCampaigns().catch((e) => console.error("[jobs] campaign resume failed", e)), 6_000).unref();
      // the daily reminder digest and the greetings, once a day across servers (lib/jobs/scheduler.ts)
      const { startScheduler } = await import("./lib/jobs/scheduler");
      startScheduler();
    }
  }
}
