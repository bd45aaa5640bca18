// Lighthouse (mobile, its default) on the public home page and the 2015
// strategy's public page, in Debian's Chromium, against JALONS_BASE_URL.
// Prints the four scores of each page and fails below the targets.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { mkdirSync, writeFileSync } from 'node:fs';

const base = process.env.JALONS_BASE_URL ?? 'http://127.0.0.1:3000';
const targets = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };

/** The public page of the initiative coded `code`, found through the open data. */
async function pageOf(code, lang) {
  const list = await (await fetch(`${base}/api/v1/initiatives`)).json();
  const found = list.find((i) => i.code === code);
  if (!found) throw new Error(`${code} is not in the open data`);
  return `${base}/${lang}/progress/${found.id}`;
}

const pages = [
  ['home (fr)', `${base}/fr`],
  ['home (en)', `${base}/en`],
  ['2015 strategy (fr)', await pageOf('SGTI-2015', 'fr')],
  ['2015 strategy (en)', await pageOf('SGTI-2015', 'en')],
];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const reports = new URL('./reports/', import.meta.url);
mkdirSync(reports, { recursive: true });
let failed = false;
const rows = [];
try {
  for (const [name, url] of pages) {
    const result = await lighthouse(url, { port: chrome.port, output: 'html', logLevel: 'error' });
    const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
    writeFileSync(new URL(`${slug}.html`, reports), result.report);
    const scores = Object.fromEntries(
      Object.keys(targets).map((key) => [key, result.lhr.categories[key].score]),
    );
    for (const [key, min] of Object.entries(targets)) {
      if (scores[key] < min) {
        failed = true;
        const audits = Object.values(result.lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
          .filter((a) => result.lhr.categories[key].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => `    - ${a.id}: ${a.title} (${a.displayValue ?? a.score})`);
        console.error(`${name}: ${key} ${Math.round(scores[key] * 100)} < ${min * 100}\n${audits.join('\n')}`);
      }
    }
    const m = result.lhr.audits;
    rows.push(
      `| ${name} | ${Object.values(scores).map((s) => Math.round(s * 100)).join(' | ')} | ` +
        `${m['first-contentful-paint'].displayValue} | ${m['largest-contentful-paint'].displayValue} | ` +
        `${m['total-blocking-time'].displayValue} | ${m['cumulative-layout-shift'].displayValue} | ` +
        `${Math.round(m['total-byte-weight'].numericValue / 1024)} KiB |`,
    );
  }
} finally {
  await chrome.kill();
}
console.log('| Page | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS | Transfer |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nReports: ${reports.pathname}`);
process.exit(failed ? 1 : 0);
