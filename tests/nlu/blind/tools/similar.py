import yaml, sys, itertools
sys.path.insert(0,'/work/blind-set/tools')
from build_intents import norm
def load(p):
    d = yaml.safe_load(open(p))
    return [(e['intent'], l[2:].strip()) for e in d['nlu'] for l in e['examples'].strip().splitlines()]
def grams(s):
    s = norm(s)
    return set(s[i:i+2] for i in range(len(s)-1)) or {s}
dv, ts = load('intents_dev.yml'), load('intents_test.yml')
thr = float(sys.argv[1]) if len(sys.argv)>1 else 0.5
items = [('D',)+x for x in dv] + [('T',)+x for x in ts]
G = [grams(x[2]) for x in items]
for i,j in itertools.combinations(range(len(items)),2):
    a,b = G[i],G[j]
    jac = len(a&b)/len(a|b)
    if jac >= thr:
        print(f"{jac:.2f} {items[i][0]}:{items[i][1]}:{items[i][2]}  ||  {items[j][0]}:{items[j][1]}:{items[j][2]}")
