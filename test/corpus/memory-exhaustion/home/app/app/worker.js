// Queue worker that keeps every processed job's result in memory "for the dashboard".
const results = [];
let jobs = 0;

setInterval(() => {
  for (let i = 0; i < 20; i++) {
    jobs++;
    results.push({
      job: jobs,
      at: Date.now(),
      payload: new Array(2000).fill({ job: jobs, ok: true }).map((o) => ({ ...o })),
    });
  }
  if (jobs % 200 === 0) console.log(`${new Date().toISOString()} processed ${jobs} jobs`);
}, 20);

console.log(`worker started, pid ${process.pid}`);
