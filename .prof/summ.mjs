import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]))
const dt = p.timeDeltas; let total = 0
const counts = new Map()
for (let i = 0; i < p.samples.length; i++) { counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0 }
for (const [id, t] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t) }
console.log('total ms', (total/1000).toFixed(0))
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((t/1000).toFixed(0).padStart(7), k)
// inclusive for selected functions
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const incl = new Map()
for (const [id, t] of counts) { const seen = new Set(); let cur = id; while (cur !== undefined) { const n = byId.get(cur); const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-1)[0]}`; if (!seen.has(k)) { incl.set(k, (incl.get(k) ?? 0) + t); seen.add(k) } cur = parent.get(cur) } }
console.log('--- inclusive')
for (const [k, t] of [...incl].filter(([k]) => /src\//.test(k) || /(tick|commit|isIdle|checkIdle|serve|guard|transaction|run|all|get)\b/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((t/1000).toFixed(0).padStart(7), k)
