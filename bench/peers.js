// bench/peers.js: times the JavaScript sentiment peers in-process on a corpus (one text per line).
//   node bench/peers.js vader|nlpjs LANG FILE [MAX_SECONDS]
// Prints one JSON line: {"tool", "lang", "texts", "bytes", "seconds", "texts_per_s", "mb_per_s"}.
'use strict';
const fs = require('fs');

async function main() {
  const [tool, lang, file, maxSecondsArg] = process.argv.slice(2);
  const maxSeconds = Number(maxSecondsArg || 60);
  const texts = fs.readFileSync(file, 'utf8').split('\n').filter((t) => t.length > 0);
  let analyze;
  if (tool === 'vader') {
    const vader = require('vader-sentiment');
    analyze = (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
  } else if (tool === 'nlpjs') {
    const { containerBootstrap } = require('@nlpjs/core');
    const { SentimentAnalyzer } = require('@nlpjs/sentiment');
    const packs = { en: '@nlpjs/lang-en', ru: '@nlpjs/lang-ru', uk: '@nlpjs/lang-uk', ro: '@nlpjs/lang-ro' };
    const mod = require(packs[lang]);
    const container = await containerBootstrap();
    container.use(Object.values(mod).find((v) => typeof v === 'function' && /^Lang/.test(v.name)));
    const analyzer = new SentimentAnalyzer({ container });
    analyze = (t) => analyzer.process({ locale: lang, text: t });
  } else {
    throw new Error('unknown tool ' + tool);
  }
  let bytes = 0;
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  for (const t of texts) {
    const r = await analyze(t);
    sink += typeof r === 'number' ? r : (r && r.sentiment && r.sentiment.score) || 0;
    bytes += Buffer.byteLength(t, 'utf8') + 1;
    n += 1;
    if ((n & 255) === 0) {
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      if (elapsed > maxSeconds) break;
    }
  }
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ tool, lang, texts: n, bytes, seconds: elapsed, texts_per_s: n / elapsed,
    mb_per_s: bytes / 1e6 / elapsed, checksum: sink }));
}
main().catch((e) => { console.error(e); process.exit(1); });
