// Grows its resident memory at RATE bytes per second of wall-clock time (pages written, so they are resident, and
// kept), whatever the timer's lag: every 10 ms it allocates up to RATE × elapsed. Prints "ready" once started.
const rate = Number(process.env.RATE);
const chunk = 256 * 1024;
const kept = [];
const start = Date.now();
let allocated = 0;
setInterval(() => {
  const due = (rate * (Date.now() - start)) / 1000;
  while (allocated + chunk <= due) {
    kept.push(Buffer.allocUnsafe(chunk).fill(7));
    allocated += chunk;
  }
}, 10);
process.stdout.write('ready\n');
setTimeout(() => process.exit(0), 30_000).unref();
