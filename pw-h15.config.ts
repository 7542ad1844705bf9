import base from "/work/wt-h15/playwright.config";
export default { ...base, testDir: "/work/wt-h15/tests/e2e", use: { ...base.use, baseURL: "http://localhost:3043" }, webServer: undefined, projects: base.projects };
