"""Right = answerable: headline figure matched and not abstained; unanswerable: abstained. Usage: score.py answers.jsonl [override.jsonl ...]"""
import json, sys
rows = {}
for f in sys.argv[1:]:
    for l in open(f):
        r = json.loads(l); rows[r['id']] = r
ans = [r for r in rows.values() if r['answerable']]
una = [r for r in rows.values() if not r['answerable']]
right = [r['id'] for r in ans if r['headline'] == 1 and not r['abstained']]
numeric = [r['id'] for r in ans if r['correct']]
false_abst = [r['id'] for r in ans if r['abstained']]
corr_abst = [r['id'] for r in una if r['abstained']]
secs = sorted(r['seconds'] for r in rows.values())
print(f"answerable {len(ans)}: headline right {len(right)}, all gold figures {len(numeric)}, false abstention {len(false_abst)} {false_abst}")
print(f"unanswerable {len(una)}: abstained {len(corr_abst)} {corr_abst}")
print("wrong:", sorted(set(r['id'] for r in ans) - set(right)))
print(f"median s {secs[len(secs)//2]:.0f}")
