// Reads FlowAlp's Parquet outputs back with an independent reader (hyparquet, pure JavaScript: no .NET, no Arrow)
// and checks them against the text files they copy, cell by cell:
//   timeseries.parquet ↔ timeseries.csv, positions.parquet ↔ positions.csv, runs.parquet ↔ runs.csv (same columns,
//   same order, same row count; whole-number columns as int64 equal to the CSV's integers, decimal columns as doubles
//   equal to the CSV's decimals parsed as doubles, text equal), and events.parquet ↔ events.jsonl (one row per line,
//   seq/type/position/token/amount equal, the `event` column equal to the line's event object byte for byte).
// Usage: node check-parquet.mjs FOLDER [FOLDER …]   (a run folder or a sweep folder; exit 1 on any difference)
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

let failures = 0
const fail = (msg) => { failures++; console.log(`  FAIL ${msg}`) }

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = []
  let row = [], cell = '', quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { cell += '"'; i++ } else quoted = false }
      else cell += c
    } else if (c === '"' && cell === '') quoted = true
    else if (c === ',') { row.push(cell); cell = '' }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = '' }
    else if (c !== '\r') cell += c
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row) }
  return rows
}

/** The file's columns as "name:type" (physical type, with the logical one where there is one). */
function columnTypes(metadata) {
  return metadata.schema.slice(1).map(s => {
    const logical = s.logical_type?.type ?? s.converted_type
    return [s.name, logical ? `${s.type}/${logical}` : s.type]
  })
}

async function read(path) {
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file)
  const rows = await parquetReadObjects({ file, metadata })
  return { metadata, rows }
}

function same(type, value, text) {
  if (text === '') return value === null || value === undefined
  if (type === 'INT64') return typeof value === 'bigint' && value === BigInt(text)
  if (type === 'DOUBLE') return typeof value === 'number' && value === Number.parseFloat(text)
  if (type === 'BOOLEAN') return value === (text === 'true' || text === 'True')
  return value === text
}

async function checkCsv(dir, name) {
  const csvPath = join(dir, `${name}.csv`), pqPath = join(dir, `${name}.parquet`)
  if (!existsSync(pqPath)) return
  if (!existsSync(csvPath)) { fail(`${pqPath}: no ${name}.csv beside it`); return }
  const [header, ...records] = parseCsv(readFileSync(csvPath, 'utf8'))
  const { metadata, rows } = await read(pqPath)
  const types = columnTypes(metadata)
  const counts = {}
  for (const [, t] of types) counts[t] = (counts[t] ?? 0) + 1
  console.log(`${pqPath}: ${rows.length} rows × ${types.length} columns (${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')})`)
  if (types.map(t => t[0]).join(',') !== header.join(',')) fail(`columns differ from ${name}.csv's header`)
  if (rows.length !== records.length) fail(`${rows.length} rows, ${name}.csv has ${records.length}`)
  let cells = 0, bad = 0
  for (let r = 0; r < Math.min(rows.length, records.length); r++)
    for (let c = 0; c < header.length; c++) {
      cells++
      const physical = types[c][1].split('/')[0]
      if (!same(physical, rows[r][header[c]], records[r][c])) {
        if (bad++ < 5) fail(`row ${r} column ${header[c]}: parquet ${rows[r][header[c]]} vs csv '${records[r][c]}'`)
      }
    }
  console.log(`  ${cells} cells compared with ${name}.csv: ${bad === 0 ? 'all equal' : `${bad} differ`}`)
  console.log(`  first row: ${JSON.stringify(rows[0], (k, v) => typeof v === 'bigint' ? Number(v) : v).slice(0, 300)}`)
}

async function checkEvents(dir) {
  const logPath = join(dir, 'events.jsonl'), pqPath = join(dir, 'events.parquet')
  if (!existsSync(pqPath)) return
  const lines = readFileSync(logPath, 'utf8').split('\n').filter(l => l.length > 0)
  const { metadata, rows } = await read(pqPath)
  const types = columnTypes(metadata)
  console.log(`${pqPath}: ${rows.length} rows × ${types.length} columns (${types.map(([n, t]) => `${n}:${t}`).join(', ')})`)
  if (rows.length !== lines.length) fail(`${rows.length} rows, events.jsonl has ${lines.length} lines`)
  let bad = 0
  const byType = {}
  for (let i = 0; i < Math.min(rows.length, lines.length); i++) {
    const line = lines[i], parsed = JSON.parse(line), e = parsed.event, row = rows[i]
    const raw = line.slice(line.indexOf('"event":') + '"event":'.length, -1)
    byType[row.type] = (byType[row.type] ?? 0) + 1
    const checks = [
      ['seq', row.seq === BigInt(parsed.seq)],
      ['time', row.time === Number.parseFloat(parsed.t)],
      ['type', row.type === e.type],
      ['position', e.position === undefined ? row.position === null || row.position === undefined : row.position === BigInt(e.position)],
      ['token', (row.token ?? undefined) === e.token],
      ['amount', e.amount === undefined ? row.amount === null || row.amount === undefined : row.amount === Number.parseFloat(e.amount)],
      ['event', row.event === raw],
    ]
    for (const [field, ok] of checks) if (!ok && bad++ < 5) fail(`line ${i + 1} ${field}: parquet ${JSON.stringify(row[field], (k, v) => typeof v === 'bigint' ? Number(v) : v)}`)
  }
  console.log(`  ${Math.min(rows.length, lines.length)} lines compared with events.jsonl: ${bad === 0 ? 'all equal' : `${bad} differ`}`)
  console.log(`  rows per type: ${Object.entries(byType).map(([t, n]) => `${t} ${n}`).join(', ')}`)
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) { console.error('usage: node check-parquet.mjs FOLDER [FOLDER …]'); process.exit(2) }
for (const dir of dirs) {
  const found = ['timeseries', 'positions', 'runs', 'events'].filter(n => existsSync(join(dir, `${n}.parquet`)))
  if (found.length === 0) fail(`${dir}: no .parquet file`)
  for (const name of ['timeseries', 'positions', 'runs']) await checkCsv(dir, name)
  await checkEvents(dir)
}
console.log(failures === 0 ? 'parquet check: OK' : `parquet check: ${failures} failure(s)`)
process.exit(failures === 0 ? 0 : 1)
