// Kuzu peer (npm package `kuzu`, installed by scripts/bench into
// bench/node_modules): bulk-loads nodes.csv/edges.csv with COPY into an
// on-disk database and answers the benchmark questions in Cypher, warm.
//
// usage: node kuzu_peer.js DATA_DIR DB_DIR [--min-seconds S]
"use strict";
const fs = require("fs");
const path = require("path");
const kuzu = require("kuzu");

const [dataDir, dbDir] = process.argv.slice(2);
const minIdx = process.argv.indexOf("--min-seconds");
const minSeconds = minIdx > 0 ? Number(process.argv[minIdx + 1]) : 0.5;
const meta = JSON.parse(fs.readFileSync(path.join(dataDir, "meta.json"), "utf8"));
const now = () => Number(process.hrtime.bigint()) / 1e9;

async function rows(conn, cypher, params) {
  if (!params) return (await conn.query(cypher)).getAll();
  const stmt = await conn.prepare(cypher);
  return (await conn.execute(stmt, params)).getAll();
}

// Warm median; a query slower than slowS is not repeated (its first run is
// reported: warming cannot matter at that scale, and the run must end).
async function timed(fn, slowS = 10) {
  let t0 = now();
  const answer = await fn();
  const first = now() - t0;
  if (first > slowS) return [answer, first];
  const runs = [];
  const start = now();
  while (runs.length < 3 || (now() - start < minSeconds && runs.length < 200)) {
    t0 = now();
    await fn();
    runs.push(now() - t0);
  }
  runs.sort((a, b) => a - b);
  return [answer, runs[Math.floor(runs.length / 2)]];
}

async function main() {
  fs.rmSync(dbDir, { recursive: true, force: true });
  const t0 = now();
  const db = new kuzu.Database(dbDir);
  const conn = new kuzu.Connection(db);
  await conn.query("CREATE NODE TABLE Entity(name STRING, type STRING, PRIMARY KEY(name))");
  await conn.query(
    "CREATE REL TABLE Rel(FROM Entity TO Entity, type STRING, date DATE, amount DOUBLE, currency STRING, doc STRING, sentence INT64)");
  await conn.query(`COPY Entity FROM '${path.resolve(dataDir, "nodes.csv")}' (header=true)`);
  await conn.query(`COPY Rel FROM '${path.resolve(dataDir, "edges.csv")}' (header=true)`);
  const loadS = now() - t0;
  conn.setQueryTimeout(120000);  // a peer query may take at most 2 minutes

  const count = async (cypher, params) => Number((await rows(conn, cypher, params))[0].n);
  const q = {
    one_hop: () => count("MATCH (a:Entity {name: $a})-[:Rel]-(x:Entity) WHERE x.name <> $a RETURN count(DISTINCT x) AS n",
                         { a: meta.named }),
    two_hop: () => count(
        "MATCH (a:Entity {name: $a})-[:Rel]-(:Entity)-[:Rel]-(x:Entity) WHERE x.name <> $a RETURN count(DISTINCT x) AS n",
        { a: meta.named }),
    reach3: () => count("MATCH (a:Entity {name: $a})-[:Rel*1..3]-(x:Entity) WHERE x.name <> $a RETURN count(DISTINCT x) AS n",
                        { a: meta.hub }),
    shortest: async () => {
      const r = await rows(conn,
          "MATCH p = (a:Entity {name: $a})-[:Rel* SHORTEST 1..8]-(b:Entity {name: $b}) RETURN length(p) AS n",
          { a: meta.path_from, b: meta.path_to });
      return r.length ? Number(r[0].n) : null;
    },
    per_type: async () => {
      const out = {};
      for (const r of await rows(conn, "MATCH ()-[e:Rel]->() RETURN e.type AS t, count(*) AS n")) out[r.t] = Number(r.n);
      return out;
    },
    date_amount: () => count(
        `MATCH ()-[e:Rel]->() WHERE e.date >= date('${meta.filter.date_from}') AND e.amount >= ${meta.filter.min_amount} RETURN count(*) AS n`),
  };
  const answers = {}, times = {};
  for (const [name, fn] of Object.entries(q)) {
    try {
      [answers[name], times[name]] = await timed(fn);
    } catch (e) {
      answers[name] = "error: " + String(e.message || e).split("\n")[0];
      times[name] = null;
    }
  }
  let dbBytes = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    else dbBytes += st.size;
  };
  walk(dbDir);
  console.log(JSON.stringify({ peer: "Kuzu " + (kuzu.VERSION || "0.11.3"), load_s: loadS, db_bytes: dbBytes,
                               answers, times_s: times, rss_bytes: process.memoryUsage().rss }));
}

main().catch((e) => {
  console.error("kuzu_peer: " + (e.stack || e));
  process.exit(1);
});
