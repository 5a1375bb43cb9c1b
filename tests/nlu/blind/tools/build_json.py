import json, sys
sys.path.insert(0, '/work/blind-set/tools')
from manual_data import Q
from unans_data import U
TOPIC = {"A":"quit_or_change_job","B":"disability_specific","C":"report_and_plan","D":"employer",
 "E":"checklists_assessment","F":"doctor_consent","G":"centres_after_service","H":"extended_hours_type",
 "I":"return_to_work_leave","J":"self_employment","K":"sending_office_first_6_months","L":"resource_map",
 "M":"kasan_gensan","N":"other_manual"}
N = len(Q); NDEV = 40
devidx = {i for i in range(N) if int(i*NDEV/N) != int((i+1)*NDEV/N)}
assert len(devidx) == NDEV
order = [i for i in range(N) if i in devidx] + [i for i in range(N) if i not in devidx]
out = []
for k, i in enumerate(order):
    g, q, a, src0, gist = Q[i]
    src = []
    for seed, r in src0:   # merge ranges of the same seed
        for e in src:
            if e[0] == seed: e[1].extend(r); break
        else: src.append((seed, list(r)))
    src = [(sd, sorted(r)) for sd, r in src]
    o = {"id": f"m{k+1:03d}", "question": q, "asker": a}
    if len(src) == 1:
        o["seed"], o["lines"] = src[0][0], src[0][1]
    else:
        o["sources"] = [{"seed": s, "lines": r} for s, r in src]
    o["answer_gist"] = gist
    o["split"] = "dev" if k < NDEV else "test"
    o["topic"] = TOPIC[g]
    out.append(o)
json.dump(out, open('/work/blind-set/manual_questions.json', 'w'), ensure_ascii=False, indent=1)
# unanswerable: alternate dev/test
uo = []
for k, (q, why) in enumerate(U):
    uo.append({"id": f"u{k+1:03d}", "question": q, "why_not_answerable": why, "split": "dev" if k % 2 == 0 else "test"})
json.dump(uo, open('/work/blind-set/unanswerable.json', 'w'), ensure_ascii=False, indent=1)
print(len(out), len(uo))
